package io.baseplate.quizzes.internal;

import java.net.URI;

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

import io.baseplate.api.domain.DomainException;
import io.baseplate.api.rest.ItemList;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;
import io.baseplate.api.security.RolesAllowed;
import io.baseplate.core.support.ApiResource;

/**
 * The calling tenant's quizzes. Tutors (and tenant admins) build them; staff read them whole, answer keys
 * included, with the report; students see what a quiz is and start attempts, whose questions never carry a key.
 */
@Component(service = QuizzesResource.class)
@JakartarsResource
@JakartarsName("quizzes")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@Path("v1/quizzes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.TUTOR, Role.TENANT_ADMIN, Role.OPERATOR, Role.STUDENT})
public class QuizzesResource {

    private final QuizService quizzes;

    @Activate
    public QuizzesResource(@Reference QuizService quizzes) {
        this.quizzes = quizzes;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.TUTOR, Role.TENANT_ADMIN})
    public Response create(QuizService.NewQuiz body, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        if (body == null) {
            throw DomainException.invalid("A quiz is required: {\"title\": ..., \"questions\": [...]}");
        }
        QuizService.TutorQuiz quiz = quizzes.create(caller.requireTenant(), caller.userId(), body);
        return Response.created(URI.create("v1/quizzes/" + quiz.id())).entity(quiz).build();
    }

    @GET
    public ItemList<QuizService.QuizSummary> list(@Context SecurityContext security) {
        return new ItemList<>(quizzes.list(Caller.of(security).requireTenant()));
    }

    /** The quiz whole for staff; for a student, only what it is (its questions come with an attempt). */
    @GET
    @Path("{id}")
    public Object get(@PathParam("id") String quizId, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        String id = QuizIds.require(quizId, "quiz");
        return caller.hasAnyRole(QuizService.STAFF) ? quizzes.tutorView(caller.requireTenant(), id)
                : quizzes.summary(caller.requireTenant(), id);
    }

    @GET
    @Path("{id}/report")
    @RolesAllowed({Role.TUTOR, Role.TENANT_ADMIN, Role.OPERATOR})
    public QuizService.QuizReport report(@PathParam("id") String quizId, @Context SecurityContext security) {
        return quizzes.report(Caller.of(security).requireTenant(), QuizIds.require(quizId, "quiz"));
    }

    /** Starts the calling student's attempt: 201 with the questions as the student sees them. */
    @POST
    @Path("{id}/attempts")
    @RolesAllowed(Role.STUDENT)
    public Response start(@PathParam("id") String quizId, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        QuizService.AttemptView attempt = quizzes.start(caller.requireTenant(), caller.userId(), QuizIds.require(quizId, "quiz"));
        return Response.created(URI.create("v1/quiz-attempts/" + attempt.id())).entity(attempt).build();
    }
}
