package io.baseplate.events.internal;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;

import io.baseplate.api.event.PlatformEvents;

/**
 * Hands every platform event that belongs to a tenant to that tenant's live streams. Only queues:
 * Event Admin deny-lists a handler for good once a delivery takes longer than its timeout.
 */
@Component(service = EventHandler.class)
@EventTopics(PlatformEvents.TOPIC_ROOT + "*")
public class TenantEventForwarder implements EventHandler {

    private final EventStreams streams;

    @Activate
    public TenantEventForwarder(@Reference EventStreams streams) {
        this.streams = streams;
    }

    @Override
    public void handleEvent(Event event) {
        Object tenant = event.getProperty(PlatformEvents.TENANT_ID);
        if (tenant == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            if (!EventConstants.EVENT_TOPIC.equals(name)) {
                properties.put(name, event.getProperty(name));
            }
        }
        streams.publish(tenant.toString(), event.getTopic(), properties);
    }
}
