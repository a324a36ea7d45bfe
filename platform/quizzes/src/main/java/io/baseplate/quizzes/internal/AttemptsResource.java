package io.baseplate.quizzes.internal;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import io.baseplate.api.security.Role;
import io.baseplate.api.security.RolesAllowed;
import io.baseplate.core.support.ApiResource;
import io.baseplate.core.support.QueryParameters;

/**
 * Attempts at quizzes. A student sees and changes only their own (anyone else's id is 404); staff read every
 * attempt of the tenant but answer none.
 */
@Component(service = AttemptsResource.class)
@JakartarsResource
@JakartarsName("quiz-attempts")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@Path("v1/quiz-attempts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.TUTOR, Role.TENANT_ADMIN, Role.OPERATOR, Role.STUDENT})
public class AttemptsResource {

    private final QuizService quizzes;

    @Activate
    public AttemptsResource(@Reference QuizService quizzes) {
        this.quizzes = quizzes;
    }

    /** The caller's attempts (staff: everyone's), newest first; {@code quizId} narrows to one quiz. */
    @GET
    public ItemList<QuizService.AttemptView> list(@QueryParam("quizId") String quizId, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        String quiz = QueryParameters.text("quizId", quizId);
        return new ItemList<>(quizzes.attempts(caller.requireTenant(), caller.userId(), caller.hasAnyRole(QuizService.STAFF),
                quiz == null ? null : quiz.strip()));
    }

    @GET
    @Path("{id}")
    public QuizService.AttemptView get(@PathParam("id") String attemptId, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        return quizzes.attempt(caller.requireTenant(), caller.userId(), caller.hasAnyRole(QuizService.STAFF),
                QuizIds.require(attemptId, "attempt"));
    }

    /** Saves answers: {@code {"<questionId>": response, ...}}, merged into those saved before; null clears one. */
    @PUT
    @Path("{id}/answers")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.STUDENT)
    public QuizService.AttemptView saveAnswers(@PathParam("id") String attemptId, Map<String, Object> answers,
                                               @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        if (answers == null) {
            throw DomainException.invalid("Answers are required: {\"<questionId>\": response, ...}");
        }
        return quizzes.saveAnswers(caller.requireTenant(), caller.userId(), QuizIds.require(attemptId, "attempt"), answers);
    }

    /** Submits the attempt, once: 202, its grading queued. */
    @POST
    @Path("{id}/submit")
    @RolesAllowed(Role.STUDENT)
    public Response submit(@PathParam("id") String attemptId, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        return Response.accepted(quizzes.submit(caller.requireTenant(), caller.userId(),
                QuizIds.require(attemptId, "attempt"))).build();
    }
}
