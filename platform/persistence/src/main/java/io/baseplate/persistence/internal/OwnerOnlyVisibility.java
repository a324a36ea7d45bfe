package io.baseplate.persistence.internal;

import java.util.Collection;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

/**
 * Hides each bundle's {@code Persistence} service from every bundle but its owner, the extender and
 * the system bundle, so a component's plain {@code @Reference Persistence} binds its own bundle's unit.
 */
final class OwnerOnlyVisibility implements FindHook, EventListenerHook {

    private final long extenderId;

    OwnerOnlyVisibility(long extenderId) {
        this.extenderId = extenderId;
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices,
                     Collection<ServiceReference<?>> references) {
        references.removeIf(reference -> !visible(reference, context));
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        ServiceReference<?> reference = event.getServiceReference();
        if (ownerOf(reference) != null) {
            listeners.keySet().removeIf(context -> !visible(reference, context));
        }
    }

    private boolean visible(ServiceReference<?> reference, BundleContext viewer) {
        Object owner = ownerOf(reference);
        if (owner == null) {
            return true;
        }
        long viewerId = viewer.getBundle().getBundleId();
        return viewerId == Constants.SYSTEM_BUNDLE_ID || viewerId == extenderId || owner.equals(viewerId);
    }

    private static Object ownerOf(ServiceReference<?> reference) {
        return reference.getProperty(PersistenceExtender.BUNDLE_ID_PROPERTY);
    }
}
