package io.baseplate.jobs.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

import io.baseplate.api.rest.ItemList;
import io.baseplate.api.rest.ProblemException;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;
import io.baseplate.api.security.RolesAllowed;
import io.baseplate.core.support.ApiResource;

/** Background jobs of the calling tenant. */
@Component(service = JobsResource.class)
@JakartarsResource
@JakartarsName("jobs")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@Path("v1/jobs")
@RolesAllowed({Role.TENANT_ADMIN, Role.OPERATOR})
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    private final JobQueue jobs;

    @Activate
    public JobsResource(@Reference JobQueue jobs) {
        this.jobs = jobs;
    }

    @GET
    public ItemList<JobQueue.JobView> list(@Context SecurityContext security) {
        return new ItemList<>(jobs.list(Caller.of(security).requireTenant()));
    }

    @GET
    @Path("{id}")
    public JobQueue.JobView get(@PathParam("id") String jobId, @Context SecurityContext security) {
        return jobs.find(Caller.of(security).requireTenant(), jobId)
                .orElseThrow(() -> ProblemException.notFound("No job with id '" + jobId + "'"));
    }
}
