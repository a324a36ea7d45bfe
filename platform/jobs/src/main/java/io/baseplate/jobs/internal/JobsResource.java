package io.baseplate.jobs.internal;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import io.baseplate.api.command.BatchProgress;
import io.baseplate.api.rest.ProblemException;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;
import io.baseplate.api.security.RolesAllowed;
import io.baseplate.core.support.ApiResource;
import io.baseplate.core.support.QueryParameters;

/**
 * Background jobs: a tenant's staff read their tenant's jobs, its admin retries and cancels them; the
 * platform admin reads and acts on every tenant's, and may narrow a list with {@code tenantId}.
 */
@Component(service = JobsResource.class)
@JakartarsResource
@JakartarsName("jobs")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@Path("v1/jobs")
@RolesAllowed({Role.PLATFORM_ADMIN, Role.TENANT_ADMIN, Role.OPERATOR})
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    static final int DEFAULT_LIMIT = 50;

    private final JobQueue jobs;
    private final JobMetrics metrics;

    @Activate
    public JobsResource(@Reference JobQueue jobs, @Reference JobMetrics metrics) {
        this.jobs = jobs;
        this.metrics = metrics;
    }

    @GET
    public JobQueue.JobPage list(@Context SecurityContext security, @QueryParam("status") String status,
                                 @QueryParam("type") String type, @QueryParam("from") String from,
                                 @QueryParam("to") String to, @QueryParam("tenantId") String tenantId,
                                 @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        JobQueue.JobFilter filter = new JobQueue.JobFilter(tenantOf(Caller.of(security), tenantId),
                QueryParameters.oneOf("status", status, JobStatus.class), QueryParameters.text("type", type),
                QueryParameters.instant("from", from), QueryParameters.instant("to", to));
        try {
            return jobs.list(filter, QueryParameters.text("cursor", cursor),
                    QueryParameters.limit(limit, DEFAULT_LIMIT, JobQueue.MAX_PAGE));
        } catch (IllegalArgumentException badCursor) {
            throw ProblemException.badRequest("'cursor' is not a cursor this API returned as 'next'");
        }
    }

    @GET
    @Path("{id}")
    public JobQueue.JobView get(@PathParam("id") String jobId, @Context SecurityContext security) {
        return jobs.find(scope(Caller.of(security)), jobId).orElseThrow(() -> notFound(jobId));
    }

    /** Queues a dead or cancelled job again, with as many more attempts as its type's policy gives. */
    @POST
    @Path("{id}/retry")
    @RolesAllowed({Role.PLATFORM_ADMIN, Role.TENANT_ADMIN})
    public JobQueue.JobView retry(@PathParam("id") String jobId, @Context SecurityContext security) {
        String tenant = scope(Caller.of(security));
        JobQueue.JobView job = jobs.find(tenant, jobId).orElseThrow(() -> notFound(jobId));
        if (!jobs.retry(job.tenantId(), jobId, job.type())) {
            throw ProblemException.conflict("Job '" + jobId + "' is " + job.status() + "; only DEAD or CANCELLED jobs can be retried");
        }
        return jobs.find(tenant, jobId).orElseThrow(() -> notFound(jobId));
    }

    /** Cancels a job that has not started, and the jobs chained after it. */
    @POST
    @Path("{id}/cancel")
    @RolesAllowed({Role.PLATFORM_ADMIN, Role.TENANT_ADMIN})
    public JobQueue.JobView cancel(@PathParam("id") String jobId, @Context SecurityContext security) {
        String tenant = scope(Caller.of(security));
        JobQueue.JobView job = jobs.find(tenant, jobId).orElseThrow(() -> notFound(jobId));
        if (!jobs.cancel(job.tenantId(), jobId)) {
            throw ProblemException.conflict("Job '" + jobId + "' is " + job.status()
                    + "; only jobs that have not started can be cancelled: " + JobStatus.CANCELLABLE);
        }
        return jobs.find(tenant, jobId).orElseThrow(() -> notFound(jobId));
    }

    @GET
    @Path("batches/{id}")
    public BatchProgress batch(@PathParam("id") String batchId, @Context SecurityContext security) {
        return jobs.batch(scope(Caller.of(security)), batchId)
                .orElseThrow(() -> ProblemException.notFound("No batch with id '" + batchId + "'"));
    }

    /** Queue depth by state over all tenants, and this node's attempts and pickup latency since it started. */
    public record Stats(Map<JobStatus, Long> depth, JobMetrics.Snapshot node) {
    }

    @GET
    @Path("stats")
    @RolesAllowed(Role.PLATFORM_ADMIN)
    public Stats stats() {
        return new Stats(jobs.depth(), metrics.snapshot());
    }

    /** The tenant a caller acts for: its own, or for the platform admin any (null) or the one named. */
    private static String tenantOf(Caller caller, String tenantId) {
        String named = QueryParameters.text("tenantId", tenantId);
        if (caller.isAdmin()) {
            return named;
        }
        if (named != null && !named.equals(caller.tenantId())) {
            throw ProblemException.forbidden("A tenant's staff read their own tenant's jobs only");
        }
        return caller.requireTenant();
    }

    private static String scope(Caller caller) {
        return caller.isAdmin() ? null : caller.requireTenant();
    }

    private static ProblemException notFound(String jobId) {
        return ProblemException.notFound("No job with id '" + jobId + "'");
    }
}
