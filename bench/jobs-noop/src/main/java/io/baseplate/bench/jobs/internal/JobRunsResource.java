package io.baseplate.bench.jobs.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import io.baseplate.api.rest.ProblemException;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;
import io.baseplate.api.security.RolesAllowed;
import io.baseplate.core.support.ApiResource;

/**
 * Runs of no-op jobs for the calling tenant (benchmark only): {@code POST} starts one and answers 202
 * at once; {@code GET} on its location shows its progress, and its figures once every job has run.
 */
@Component(service = JobRunsResource.class)
@JakartarsResource
@JakartarsName("bench-job-runs")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@Path("v1/bench/job-runs")
@RolesAllowed({Role.TENANT_ADMIN, Role.OPERATOR})
@Produces(MediaType.APPLICATION_JSON)
public class JobRunsResource {

    static final int MAX_JOBS = 100_000;
    static final int MAX_SUBMITTERS = 64;
    static final int DEFAULT_SUBMITTERS = 4;
    static final double MAX_RATE = 10_000;

    /**
     * Request body of {@code POST /api/v1/bench/job-runs}: {@code mode} {@code burst} (with optional
     * {@code submitters}, threads submitting as fast as they go) or {@code steady} (with {@code rate},
     * jobs per second from one thread) or {@code batch} (batches of 1,000 from one thread), and {@code jobs}, how many.
     */
    public record RunRequest(String mode, Integer jobs, Integer submitters, Double rate) {
    }

    /** A validated request. */
    record RunPlan(JobRun.Mode mode, int jobs, int submitters, double rate) {
    }

    private final JobRuns runs;

    @Activate
    public JobRunsResource(@Reference JobRuns runs) {
        this.runs = runs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(RunRequest body, @Context SecurityContext security) {
        String tenantId = Caller.of(security).requireTenant();
        RunPlan plan = validate(body);
        JobRun run = runs.start(tenantId, plan.mode(), plan.jobs(), plan.submitters(), plan.rate());
        return Response.accepted(run.view()).location(URI.create("v1/bench/job-runs/" + run.id())).build();
    }

    @GET
    @Path("{id}")
    public JobRun.View get(@PathParam("id") String runId, @Context SecurityContext security) {
        return runs.find(Caller.of(security).requireTenant(), runId).map(JobRun::view)
                .orElseThrow(() -> ProblemException.notFound("No job run with id '" + runId + "'"));
    }

    static RunPlan validate(RunRequest body) {
        if (body == null) {
            throw ProblemException.badRequest("A JSON body with mode and jobs is required");
        }
        List<String> problems = new ArrayList<>();
        JobRun.Mode mode = null;
        if (body.mode() == null) {
            problems.add("'mode' is required");
        } else {
            switch (body.mode().toLowerCase(Locale.ROOT)) {
                case "burst" -> mode = JobRun.Mode.BURST;
                case "steady" -> mode = JobRun.Mode.STEADY;
                case "batch" -> mode = JobRun.Mode.BATCH;
                default -> problems.add("'mode' must be 'burst', 'steady' or 'batch'");
            }
        }
        if (body.jobs() == null) {
            problems.add("'jobs' is required");
        } else if (body.jobs() < 1 || body.jobs() > MAX_JOBS) {
            problems.add("'jobs' must be from 1 to " + MAX_JOBS);
        }
        if (mode == JobRun.Mode.BURST) {
            if (body.rate() != null) {
                problems.add("'rate' applies to steady runs only");
            }
            if (body.submitters() != null && (body.submitters() < 1 || body.submitters() > MAX_SUBMITTERS)) {
                problems.add("'submitters' must be from 1 to " + MAX_SUBMITTERS);
            }
        } else if (mode == JobRun.Mode.STEADY) {
            if (body.submitters() != null) {
                problems.add("'submitters' applies to burst runs only: a steady run submits from one thread");
            }
            if (body.rate() == null) {
                problems.add("'rate' (jobs per second) is required for a steady run");
            } else if (!(body.rate() > 0 && body.rate() <= MAX_RATE)) {
                problems.add("'rate' must be above 0 and at most " + (int) MAX_RATE + " jobs per second");
            }
        } else if (mode == JobRun.Mode.BATCH && (body.submitters() != null || body.rate() != null)) {
            problems.add("'submitters' and 'rate' apply to burst and steady runs: a batch run submits from one thread");
        }
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest("Invalid job run: " + String.join("; ", problems));
        }
        if (mode == JobRun.Mode.STEADY) {
            return new RunPlan(mode, body.jobs(), 1, body.rate());
        }
        if (mode == JobRun.Mode.BATCH) {
            return new RunPlan(mode, body.jobs(), 1, 0);
        }
        return new RunPlan(mode, body.jobs(), body.submitters() == null ? DEFAULT_SUBMITTERS : body.submitters(), 0);
    }
}
