package io.baseplate.itests;

import java.lang.reflect.Method;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The platform's event-stream service as the tests see it. Its class is internal to the core bundle
 * (not exported), so the probe finds it by class name and calls {@code subscriberCount} reflectively.
 */
final class LiveStreams {

    static final String SERVICE = "io.baseplate.events.internal.EventStreams";
    static final String PID = "io.baseplate.events.stream";

    private final BundleContext context;

    LiveStreams(BundleContext context) {
        this.context = context;
    }

    /** Open streams of one tenant on this node, or -1 while the service is not registered. */
    int subscriberCount(String tenantId) throws Exception {
        ServiceReference<?> reference = context.getServiceReference(SERVICE);
        if (reference == null) {
            return -1;
        }
        Object streams = context.getService(reference);
        try {
            if (streams == null) {
                return -1;
            }
            Method count = streams.getClass().getMethod("subscriberCount", String.class);
            return (Integer) count.invoke(streams, tenantId);
        } finally {
            context.ungetService(reference);
        }
    }

    /** Whether the registered service runs with {@code name} = {@code value} (configuration properties are service properties). */
    boolean configured(String name, Object value) {
        ServiceReference<?> reference = context.getServiceReference(SERVICE);
        return reference != null && value.equals(reference.getProperty(name));
    }

    /** Sets configuration of the service through Config Admin; the component restarts with it. */
    void configure(Map<String, Object> properties) throws Exception {
        ServiceReference<ConfigurationAdmin> reference = context.getServiceReference(ConfigurationAdmin.class);
        try {
            Configuration configuration = context.getService(reference).getConfiguration(PID, "?");
            Dictionary<String, Object> values = new Hashtable<>(properties);
            configuration.update(values);
        } finally {
            context.ungetService(reference);
        }
    }
}
