package io.baseplate.quizzes.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import io.baseplate.api.rest.ItemList;
import io.baseplate.core.support.ApiResource;

/** The quiz types installed right now, which a tutor can build questions of; every tenant sees the same list. */
@Component(service = QuizTypesResource.class)
@JakartarsResource
@JakartarsName("quiz-types")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@Path("v1/quiz-types")
@Produces(MediaType.APPLICATION_JSON)
public class QuizTypesResource {

    private final QuizTypeRegistry registry;

    @Activate
    public QuizTypesResource(@Reference QuizTypeRegistry registry) {
        this.registry = registry;
    }

    @GET
    public ItemList<QuizTypeRegistry.QuizTypeInfo> list() {
        return new ItemList<>(registry.list());
    }
}
