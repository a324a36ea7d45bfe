package io.baseplate.core.internal.rest;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
 * of the calling tenant's events. Each SSE event is named after its topic, carries the event
 * properties as JSON and has an id. The REST whiteboard cuts open streams whenever a bundle adds or
 * removes a resource, so a client that reconnects with {@code Last-Event-ID} (as EventSource does)
 * is first sent the recent events it missed.
 */
@Component(service = {EventStreamResource.class, EventHandler.class})
@JakartarsResource
@JakartarsName("events")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@EventTopics(PlatformEvents.TOPIC_ROOT + "*")
@Path("v1/events")
@ApiKey
public class EventStreamResource implements EventHandler {

    static final String LAST_EVENT_ID = "Last-Event-ID";
    /** Recent events kept per tenant for reconnecting clients. */
    static final int REPLAY_CAPACITY = 256;
    private static final long RECONNECT_DELAY_MILLIS = 1000;

    private record Subscriber(SseEventSink sink, Sse sse) {
    }

    private record Recent(long id, String topic, Map<String, Object> data) {
    }

    /** One tenant's subscribers and recent events; sends happen under its lock so replay and live events keep their order. */
    private static final class TenantStream {
        final Set<Subscriber> subscribers = new HashSet<>();
        final Deque<Recent> recent = new ArrayDeque<>();
    }

    private final Map<String, TenantStream> streams = new ConcurrentHashMap<>();
    /** Seeded from the clock so ids keep increasing across restarts and a stale Last-Event-ID replays nothing wrong. */
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void subscribe(@HeaderParam(LAST_EVENT_ID) String lastEventId, @Context SseEventSink sink,
                          @Context Sse sse, @Context SecurityContext security) {
        String tenantId = Callers.tenantOf(security);
        Subscriber subscriber = new Subscriber(sink, sse);
        TenantStream stream = streams.computeIfAbsent(tenantId, t -> new TenantStream());
        synchronized (stream) {
            stream.subscribers.add(subscriber);
            send(stream, subscriber, sse.newEventBuilder().comment("subscribed to events of tenant " + tenantId)
                    .reconnectDelay(RECONNECT_DELAY_MILLIS).build());
            long after = parseId(lastEventId);
            for (Recent missed : stream.recent) {
                if (missed.id() > after) {
                    send(stream, subscriber, missed);
                }
            }
        }
    }

    @Override
    public void handleEvent(Event event) {
        Object tenant = event.getProperty(PlatformEvents.TENANT_ID);
        if (tenant == null) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("topic", event.getTopic());
        for (String name : event.getPropertyNames()) {
            if (!EventConstants.EVENT_TOPIC.equals(name)) {
                data.put(name, event.getProperty(name));
            }
        }
        TenantStream stream = streams.computeIfAbsent(tenant.toString(), t -> new TenantStream());
        synchronized (stream) {
            Recent recent = new Recent(sequence.incrementAndGet(), event.getTopic(), data);
            stream.recent.addLast(recent);
            if (stream.recent.size() > REPLAY_CAPACITY) {
                stream.recent.removeFirst();
            }
            for (Subscriber subscriber : Set.copyOf(stream.subscribers)) {
                send(stream, subscriber, recent);
            }
        }
    }

    @Deactivate
    void closeAll() {
        for (TenantStream stream : streams.values()) {
            synchronized (stream) {
                stream.subscribers.forEach(EventStreamResource::close);
                stream.subscribers.clear();
            }
        }
    }

    private static void send(TenantStream stream, Subscriber subscriber, Recent recent) {
        send(stream, subscriber, subscriber.sse().newEventBuilder()
                .id(Long.toString(recent.id()))
                .name(recent.topic())
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(Map.class, recent.data())
                .build());
    }

    private static void send(TenantStream stream, Subscriber subscriber, OutboundSseEvent event) {
        if (subscriber.sink().isClosed()) {
            stream.subscribers.remove(subscriber);
            return;
        }
        subscriber.sink().send(event).whenComplete((ok, failure) -> {
            if (failure != null) {
                synchronized (stream) {
                    stream.subscribers.remove(subscriber);
                }
            }
        });
    }

    private static long parseId(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(lastEventId.strip());
        } catch (NumberFormatException notOurs) {
            // An id this server never issued: replay nothing rather than everything.
            return Long.MAX_VALUE;
        }
    }

    private static void close(Subscriber subscriber) {
        try {
            subscriber.sink().close();
        } catch (RuntimeException alreadyShutDown) {
            // At framework shutdown the REST runtime may have torn the stream down first, and Jersey then
            // throws its injector's own exception type; there is nothing left to close either way.
        }
    }
}
