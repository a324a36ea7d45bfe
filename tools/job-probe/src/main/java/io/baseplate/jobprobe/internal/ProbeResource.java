package io.baseplate.jobprobe.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import io.baseplate.api.command.CommandBus;
import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.persistence.Persistence;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;
import io.baseplate.api.security.RolesAllowed;

/** Submits probe jobs in bulk (as batches of at most 1,000) and counts their recorded runs. */
@Component(service = ProbeResource.class)
@JakartarsResource
@JakartarsName("job-probe")
@JakartarsApplicationSelect("(osgi.jakartars.name=.default)")
@Path("v1/job-probe")
@RolesAllowed(Role.TENANT_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    private static final int BATCH = 1_000;

    /** How many probe jobs to submit. */
    public record Submission(
            @NotNull(message = "is required") @Min(value = 1, message = "must be at least 1")
            @Max(value = 100_000, message = "must be at most 100000") Integer count) {
    }

    private final CommandBus commands;
    private final Persistence persistence;

    @Activate
    public ProbeResource(@Reference CommandBus commands, @Reference Persistence persistence) {
        this.commands = commands;
        this.persistence = persistence;
    }

    @POST
    @Path("jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> submit(@Valid @NotNull(message = "a body is required") Submission submission,
                                      @Context SecurityContext security) {
        String tenantId = Caller.of(security).requireTenant();
        String type = RecordingProbeHandler.TYPE;
        List<String> batches = new ArrayList<>();
        for (int submitted = 0; submitted < submission.count(); submitted += BATCH) {
            List<CommandRequest> jobs = new ArrayList<>();
            for (int i = submitted; i < Math.min(submission.count(), submitted + BATCH); i++) {
                jobs.add(CommandRequest.of(tenantId, type, Map.of("n", String.valueOf(i))));
            }
            batches.add(commands.submitBatch(tenantId, "probe " + type, jobs));
        }
        return Map.of("submitted", submission.count(), "batches", batches);
    }

    @GET
    @Path("runs")
    public Map<String, Long> runs(@Context SecurityContext security) {
        return persistence.inTenant(Caller.of(security).requireTenant(), em -> Map.of(
                "recorded", em.createQuery("SELECT COUNT(r) FROM ProbeRun r", Long.class).getSingleResult(),
                "repeats", em.createQuery("SELECT COUNT(r) FROM ProbeRepeat r", Long.class).getSingleResult()));
    }
}
