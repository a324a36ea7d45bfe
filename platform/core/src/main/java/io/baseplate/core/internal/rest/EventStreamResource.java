package io.baseplate.core.internal.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import io.baseplate.api.event.PlatformEvents;
import io.baseplate.api.security.ApiKey;

/**
 * Bridges platform events to browsers: {@code GET /api/v1/events} is a Server-Sent Events stream
 * of the calling tenant's events. Each SSE event is named after its topic and carries the event
 * properties as JSON.
 */
@Component(service = {EventStreamResource.class, EventHandler.class})
@JakartarsResource
@JakartarsName("events")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@EventTopics(PlatformEvents.TOPIC_ROOT + "*")
@Path("v1/events")
@ApiKey
public class EventStreamResource implements EventHandler {

    private record Subscriber(SseEventSink sink, Sse sse) {
    }

    private final Map<String, Set<Subscriber>> subscribersByTenant = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void subscribe(@Context SseEventSink sink, @Context Sse sse, @Context SecurityContext security) {
        String tenantId = Callers.tenantOf(security);
        Subscriber subscriber = new Subscriber(sink, sse);
        subscribersByTenant.computeIfAbsent(tenantId, t -> ConcurrentHashMap.newKeySet()).add(subscriber);
        sink.send(sse.newEventBuilder().comment("subscribed to events of tenant " + tenantId).build())
                .whenComplete((ok, failure) -> dropIfGone(tenantId, subscriber, failure));
    }

    @Override
    public void handleEvent(Event event) {
        Object tenant = event.getProperty(PlatformEvents.TENANT_ID);
        Set<Subscriber> subscribers = tenant == null ? null : subscribersByTenant.get(tenant.toString());
        if (subscribers == null || subscribers.isEmpty()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("topic", event.getTopic());
        for (String name : event.getPropertyNames()) {
            if (!EventConstants.EVENT_TOPIC.equals(name)) {
                data.put(name, event.getProperty(name));
            }
        }
        String id = Long.toString(sequence.incrementAndGet());
        for (Subscriber subscriber : subscribers) {
            OutboundSseEvent outbound = subscriber.sse().newEventBuilder()
                    .id(id)
                    .name(event.getTopic())
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(Map.class, data)
                    .build();
            if (subscriber.sink().isClosed()) {
                dropIfGone(tenant.toString(), subscriber, null);
            } else {
                subscriber.sink().send(outbound)
                        .whenComplete((ok, failure) -> dropIfGone(tenant.toString(), subscriber, failure));
            }
        }
    }

    @Deactivate
    void closeAll() {
        subscribersByTenant.values().forEach(set -> set.forEach(EventStreamResource::close));
        subscribersByTenant.clear();
    }

    private static void close(Subscriber subscriber) {
        try {
            subscriber.sink().close();
        } catch (IllegalStateException alreadyShutDown) {
            // At framework shutdown the REST runtime may have torn the stream down first; nothing left to close.
        }
    }

    private void dropIfGone(String tenantId, Subscriber subscriber, Throwable failure) {
        if (failure != null || subscriber.sink().isClosed()) {
            Set<Subscriber> subscribers = subscribersByTenant.get(tenantId);
            if (subscribers != null) {
                subscribers.remove(subscriber);
            }
        }
    }
}
