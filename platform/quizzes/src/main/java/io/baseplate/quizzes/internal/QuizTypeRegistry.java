package io.baseplate.quizzes.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.baseplate.api.quiz.QuizType;
import io.baseplate.core.support.RankedServices;

/**
 * The quiz types installed right now, by id. It holds service references, so a type disappears the moment its
 * bundle stops; of two services with one id, the SPI's ranking rule picks one.
 */
@Component(service = QuizTypeRegistry.class)
public class QuizTypeRegistry {

    static final String REFERENCE_NAME = "quizTypes";

    /** An installed quiz type as listed to callers: its id and the bundle that serves it. */
    public record QuizTypeInfo(String id, String bundle, String version) {
    }

    private final RankedServices<QuizType> types = new RankedServices<>(REFERENCE_NAME);

    @Activate
    void activate(ComponentContext componentContext) {
        types.activate(componentContext);
    }

    @Reference(name = REFERENCE_NAME, service = QuizType.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addType(ServiceReference<QuizType> reference) {
        types.add(reference);
    }

    void removeType(ServiceReference<QuizType> reference) {
        types.remove(reference);
    }

    /** The type installed under this id now, or empty. */
    public Optional<QuizType> type(String id) {
        return types.best(reference -> id.equals(typeId(reference))).map(RankedServices.Chosen::service);
    }

    /** Every installed type id, each once (the serving service), sorted by id. */
    public List<QuizTypeInfo> list() {
        Map<String, QuizTypeInfo> byId = new LinkedHashMap<>();
        for (ServiceReference<QuizType> reference : types.ranked(reference -> true)) {
            String id = typeId(reference);
            Bundle bundle = reference.getBundle();
            if (id != null && bundle != null && !byId.containsKey(id)) {
                byId.put(id, new QuizTypeInfo(id, bundle.getSymbolicName(), bundle.getVersion().toString()));
            }
        }
        List<QuizTypeInfo> result = new ArrayList<>(byId.values());
        result.sort(Comparator.comparing(QuizTypeInfo::id));
        return result;
    }

    /** The type id a service registered with; null for a service without one, which serves no question. */
    static String typeId(ServiceReference<?> reference) {
        Object id = reference.getProperty(QuizType.TYPE_ID);
        return id == null ? null : id.toString();
    }
}
