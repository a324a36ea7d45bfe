package io.baseplate.workflows.internal;

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

import io.baseplate.api.workflow.WorkflowDefinition;
import io.baseplate.api.workflow.WorkflowHandler;
import io.baseplate.core.support.RankedServices;

/**
 * The workflow handlers installed right now, by type id. It holds service references, so a type disappears
 * the moment its bundle stops; of two services with one id, the SPI's ranking rule picks one.
 */
@Component(service = WorkflowHandlerRegistry.class)
public class WorkflowHandlerRegistry implements WorkflowHandlers {

    static final String REFERENCE_NAME = "workflowHandlers";

    /** An installed workflow type as listed to callers: its id, the bundle that serves it, and its shape. */
    public record WorkflowTypeInfo(String id, String bundle, String version, WorkflowDefinition definition) {
    }

    private final RankedServices<WorkflowHandler> handlers = new RankedServices<>(REFERENCE_NAME);

    @Activate
    void activate(ComponentContext componentContext) {
        handlers.activate(componentContext);
    }

    @Reference(name = REFERENCE_NAME, service = WorkflowHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addHandler(ServiceReference<WorkflowHandler> reference) {
        handlers.add(reference);
    }

    void removeHandler(ServiceReference<WorkflowHandler> reference) {
        handlers.remove(reference);
    }

    /**
     * The handler installed for this type now, or empty.
     *
     * @throws IllegalStateException when it declares a definition the engine cannot run: a plugin's bug
     */
    @Override
    public Optional<WorkflowHandler> handler(String type) {
        Optional<RankedServices.Chosen<WorkflowHandler>> chosen = handlers.best(reference -> type.equals(typeId(reference)));
        chosen.ifPresent(found -> {
            List<String> problems = WorkflowRules.definitionProblems(found.service().definition(), type);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Workflow handler of " + found.reference().getBundle() + " "
                        + String.join("; ", problems));
            }
        });
        return chosen.map(RankedServices.Chosen::service);
    }

    /** Every installed type id, each once (the serving service), sorted by id. */
    public List<WorkflowTypeInfo> list() {
        Map<String, WorkflowTypeInfo> byId = new LinkedHashMap<>();
        for (ServiceReference<WorkflowHandler> reference : handlers.ranked(reference -> true)) {
            String id = typeId(reference);
            Bundle bundle = reference.getBundle();
            if (id != null && bundle != null && !byId.containsKey(id)) {
                handler(id).ifPresent(handler -> byId.put(id, new WorkflowTypeInfo(id, bundle.getSymbolicName(),
                        bundle.getVersion().toString(), handler.definition())));
            }
        }
        List<WorkflowTypeInfo> result = new ArrayList<>(byId.values());
        result.sort(Comparator.comparing(WorkflowTypeInfo::id));
        return result;
    }

    /** The type id a service registered with; null for a service without one, which serves no workflow. */
    static String typeId(ServiceReference<?> reference) {
        Object id = reference.getProperty(WorkflowHandler.TYPE_ID);
        return id == null ? null : id.toString();
    }
}
