package io.baseplate.core.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;

/**
 * The services of one dynamic, multiple DS reference, kept as service references so that a plugin
 * is activated only when it is chosen, and picked by the whiteboard rule: among the matching ones,
 * highest {@code service.ranking} first, then lowest {@code service.id}. A service unregistered
 * between selection and use is skipped for the next best.
 *
 * <p>The owning component forwards its bind and unbind methods to {@link #add} and {@link #remove},
 * and its activation to {@link #activate}.
 *
 * @param <S> the service type
 */
public final class RankedServices<S> {

    /** A chosen service and the reference it was chosen by. */
    public record Chosen<S>(ServiceReference<S> reference, S service) {
    }

    private final String referenceName;
    private final List<ServiceReference<S>> references = new CopyOnWriteArrayList<>();
    private volatile ComponentContext context;

    /** @param referenceName the name of the DS reference, for {@link ComponentContext#locateService(String, ServiceReference)} */
    public RankedServices(String referenceName) {
        this.referenceName = referenceName;
    }

    public void activate(ComponentContext componentContext) {
        this.context = componentContext;
    }

    public void add(ServiceReference<S> reference) {
        references.add(reference);
    }

    public void remove(ServiceReference<S> reference) {
        references.remove(reference);
    }

    /** Every reference registered now, in no particular order. */
    public List<ServiceReference<S>> all() {
        return List.copyOf(references);
    }

    /** The matching references, best first. */
    public List<ServiceReference<S>> ranked(Predicate<ServiceReference<S>> matching) {
        List<ServiceReference<S>> candidates = new ArrayList<>();
        for (ServiceReference<S> reference : references) {
            if (matching.test(reference)) {
                candidates.add(reference);
            }
        }
        // ServiceReference.compareTo orders lowest ranking, then highest id, first: the reverse of the rule.
        candidates.sort(Comparator.reverseOrder());
        return candidates;
    }

    /** The best matching service still registered, or empty when none is. */
    public Optional<Chosen<S>> best(Predicate<ServiceReference<S>> matching) {
        for (ServiceReference<S> reference : ranked(matching)) {
            S service = context.locateService(referenceName, reference);
            if (service != null) {
                return Optional.of(new Chosen<>(reference, service));
            }
        }
        return Optional.empty();
    }
}
