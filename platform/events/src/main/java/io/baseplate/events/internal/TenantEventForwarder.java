package io.baseplate.events.internal;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventFilter;
import org.osgi.service.event.propertytypes.EventTopics;

import io.baseplate.api.event.PlatformEvents;
import io.baseplate.api.outbox.EventFollower;
import io.baseplate.api.outbox.EventLog;
import io.baseplate.api.outbox.Outbox;

/**
 * Hands every platform event that belongs to a tenant to that tenant's live streams, once, by one of two
 * ways. Outbox events come straight from the relay, as it delivers them, in position order
 * ({@link EventFollower}): through Event Admin they would wait behind every plugin observer of the topic.
 * Events posted to Event Admin directly (tenant lifecycle), which have no position, come from Event
 * Admin; its filter keeps the outbox events, which Event Admin also receives, away from this handler, so
 * none is streamed twice. Both ways only queue: the relay waits for followers, and Event Admin deny-lists
 * a handler that holds a delivery past its timeout (this one is exempt, see config/baseplate.properties).
 */
@Component(service = {EventHandler.class, EventFollower.class})
@EventTopics(PlatformEvents.TOPIC_ROOT + "*")
@EventFilter("(!(" + Outbox.EVENT_SEQ + "=*))")
public class TenantEventForwarder implements EventHandler, EventFollower {

    private final EventStreams streams;

    @Activate
    public TenantEventForwarder(@Reference EventStreams streams) {
        this.streams = streams;
    }

    @Override
    public void delivered(String tenantId, EventLog.LoggedEvent event) {
        streams.publish(tenantId, event.topic(), event.properties());
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
