package io.baseplate.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

class OwnerOnlyVisibilityTest {

    private static final long EXTENDER = 7;

    private final OwnerOnlyVisibility visibility = new OwnerOnlyVisibility(EXTENDER);
    private final ServiceReference<?> ofBundle42 = reference(42L);
    private final ServiceReference<?> other = reference(null);

    @Test
    void aUnitsServiceIsFoundByItsOwnerTheExtenderAndTheSystemBundleOnly() {
        assertEquals(List.of(ofBundle42, other), found(42));
        assertEquals(List.of(ofBundle42, other), found(EXTENDER));
        assertEquals(List.of(ofBundle42, other), found(0));
        assertEquals(List.of(other), found(43));
    }

    @Test
    void onlyThoseHearOfIt() {
        Map<BundleContext, Collection<ListenerInfo>> listeners = new HashMap<>();
        BundleContext owner = context(42);
        BundleContext stranger = context(43);
        listeners.put(owner, List.of());
        listeners.put(stranger, List.of());
        visibility.event(new ServiceEvent(ServiceEvent.REGISTERED, ofBundle42), listeners);
        assertEquals(List.of(owner), List.copyOf(listeners.keySet()));
    }

    private List<ServiceReference<?>> found(long viewer) {
        Collection<ServiceReference<?>> references = new ArrayList<>(List.of(ofBundle42, other));
        visibility.find(context(viewer), null, null, false, references);
        return List.copyOf(references);
    }

    private static ServiceReference<?> reference(Long owner) {
        return (ServiceReference<?>) Proxy.newProxyInstance(OwnerOnlyVisibilityTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> PersistenceExtender.BUNDLE_ID_PROPERTY.equals(args[0]) ? owner : null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "reference of " + owner;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static BundleContext context(long bundleId) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(OwnerOnlyVisibilityTest.class.getClassLoader(),
                new Class<?>[] {Bundle.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getBundleId" -> bundleId;
                    case "hashCode" -> Long.hashCode(bundleId);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(OwnerOnlyVisibilityTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getBundle" -> bundle;
                    case "hashCode" -> Long.hashCode(bundleId);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "context of " + bundleId;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
