package io.baseplate.workflows.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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

import io.baseplate.api.domain.DomainException;
import io.baseplate.api.rest.ItemList;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.RateLimited;
import io.baseplate.core.support.ApiResource;
import io.baseplate.core.support.ProblemWithMember;
import io.baseplate.core.support.QueryParameters;
import io.baseplate.core.support.StorableValues;

/**
 * Workflow instances of the calling tenant: start one, list and read those the caller may see, fire a
 * transition, read the history. Any key of the tenant may call; the engine lets only an instance's participants
 * and the tenant's staff see it.
 */
@Component(service = WorkflowsResource.class)
@JakartarsResource
@JakartarsName("workflows")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@Path("v1/workflows")
@RateLimited
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowsResource {

    /** Ids are UUIDs: anything longer names no instance, and is not looked up. */
    private static final int MAX_ID = 36;
    private static final int DEFAULT_PAGE = 50;
    /** History pages hold up to this many steps, by default too: most instances' whole history fits in one. */
    private static final int MAX_HISTORY_PAGE = 1_000;

    /** Request body of {@code POST /api/v1/workflows}. */
    public record StartBody(
            @NotBlank(message = "is required")
            @Pattern(regexp = "[a-z][a-z0-9-]{0,49}", message = "must be a workflow type id: lower case letters, digits and dashes")
            String type,
            Map<String, Object> input) {
    }

    private final WorkflowService workflows;

    @Activate
    public WorkflowsResource(@Reference WorkflowService workflows) {
        this.workflows = workflows;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@Valid @NotNull StartBody body, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        WorkflowService.InstanceView started = answering(() -> workflows.start(caller, body.type(),
                body.input() == null ? Map.of() : body.input()));
        return Response.created(URI.create("v1/workflows/" + started.id())).entity(started).build();
    }

    /** The instances the caller may see, newest first. */
    @GET
    public ItemList<WorkflowService.InstanceView> list(@QueryParam("type") String type, @QueryParam("state") String state,
                                                       @QueryParam("limit") String limit, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        return new ItemList<>(workflows.list(caller, QueryParameters.text("type", type), QueryParameters.text("state", state),
                QueryParameters.limit(limit, DEFAULT_PAGE, WorkflowService.MAX_PAGE)));
    }

    @GET
    @Path("{id}")
    public WorkflowService.InstanceView get(@PathParam("id") String id, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        return workflows.get(caller, knownShape(id));
    }

    /** The history, oldest first, a page at a time: {@code after} is the last step already read. */
    @GET
    @Path("{id}/history")
    public ItemList<WorkflowService.StepView> history(@PathParam("id") String id, @QueryParam("after") String after,
                                                      @QueryParam("limit") String limit, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        return new ItemList<>(workflows.history(caller, knownShape(id), step(after),
                QueryParameters.limit(limit, MAX_HISTORY_PAGE, MAX_HISTORY_PAGE)));
    }

    /** Fires a transition; the body, a JSON object, is optional. */
    @POST
    @Path("{id}/transitions/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public WorkflowService.InstanceView fire(@PathParam("id") String id, @PathParam("name") String name, String body,
                                             @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        String instanceId = knownShape(id);
        Map<String, Object> input = WorkflowJson.input(body);
        return answering(() -> workflows.fire(caller, instanceId, name, input));
    }

    private static int step(String after) {
        if (QueryParameters.absent(after)) {
            return 0;
        }
        try {
            int step = Integer.parseInt(after.strip());
            if (step >= 0) {
                return step;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw DomainException.invalid("'after' must be a step number, 0 or more");
    }

    /**
     * An id that can name an instance. Anything else names none and is not looked up: a NUL, which PostgreSQL
     * refuses in a query, would otherwise be a database error rather than a 404.
     */
    private static String knownShape(String id) {
        if (id.length() > MAX_ID || !StorableValues.isPrintable(id)) {
            throw DomainException.notFound("No workflow instance with that id");
        }
        return id;
    }

    /** The engine's refusals that carry more than a detail, as problems with an extension member. */
    private static <T> T answering(Supplier<T> call) {
        try {
            return call.get();
        } catch (TransitionNotAllowed e) {
            throw ProblemWithMember.of(409, "Conflict", e.getMessage(), "allowed", e.allowed());
        } catch (InvalidInput e) {
            List<Map<String, String>> problems = e.problems().stream()
                    .map(problem -> Map.of("field", problem.field(), "message", problem.message())).toList();
            throw ProblemWithMember.of(400, "Bad Request", e.getMessage(), "errors", problems);
        }
    }

}
