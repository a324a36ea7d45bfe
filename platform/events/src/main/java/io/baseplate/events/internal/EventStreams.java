package io.baseplate.events.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.event.PlatformEvents;
import io.baseplate.api.outbox.EventLog;
import io.baseplate.api.outbox.Outbox;
import io.baseplate.api.security.Caller;

/**
 * The open event streams of this node, per tenant. Publishing only queues: each stream has a bounded
 * queue drained by non-blocking writes, a stream that falls a full queue behind is closed, and a sweep
 * sends heartbeats and closes streams whose client stopped accepting output. A tenant takes memory
 * here only while it has open streams.
 *
 * <h2>Resuming</h2>
 * An outbox event's SSE id is its outbox position ({@link Outbox#EVENT_SEQ}); events posted to Event
 * Admin directly have none and are sent without an id. A client that reconnects with
 * {@code Last-Event-ID} is first sent, from the {@link EventLog}, the events it missed, then the live
 * ones, each once. When that is impossible (more than {@code replayLimit} events missed, or a position
 * the log no longer or never held) it is sent a {@value SseFrames#RESET} event instead, whose id is the
 * log's newest position: the client reloads what it shows and carries on from there.
 * {@link #subscriberCount(String)} is read by tests and, later, by monitoring.
 */
@Component(service = EventStreams.class, configurationPid = EventStreams.PID)
@Designate(ocd = EventStreams.Config.class)
public class EventStreams {

    public static final String PID = "io.baseplate.events.stream";
    static final String CONTENT_TYPE = "text/event-stream";
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
    /** The sweep runs this many times per heartbeat interval or stall limit, whichever is shorter. */
    private static final int SWEEPS_PER_INTERVAL = 4;
    private static final long NOWHERE = -1;

    @ObjectClassDefinition(name = "Baseplate live event streams",
            description = "GET /api/v1/events: Server-Sent Events of the caller's tenant")
    public @interface Config {

        @AttributeDefinition(name = "Queue capacity (events)", min = "1",
                description = "Events held per stream for a client that reads slower than they arrive; a stream "
                        + "whose queue is full is closed, and its client resumes with Last-Event-ID")
        int queueCapacity() default 1024;

        @AttributeDefinition(name = "Replay limit (events)", min = "1",
                description = "The most events of its tenant a client reconnecting with Last-Event-ID is sent from "
                        + "the outbox; a client that missed more is sent a reset event instead")
        int replayLimit() default 1000;

        @AttributeDefinition(name = "Heartbeat interval (ms)", min = "100",
                description = "A comment line is sent after this long without output; the write that fails finds a "
                        + "dead connection (after at most two intervals). Keep it below the HTTP idle timeout "
                        + "(org.apache.felix.http.timeout, 30 s in config/baseplate.properties)")
        long heartbeatMillis() default 5_000;

        @AttributeDefinition(name = "Stall limit (ms)", min = "100",
                description = "A stream whose client has not accepted output for this long is closed")
        long stallLimitMillis() default 10_000;

        @AttributeDefinition(name = "Streams per API key", min = "1",
                description = "Streams one API key may hold open; more are answered 429")
        int maxStreamsPerKey() default 8;

        @AttributeDefinition(name = "Reconnect delay (ms)", min = "0",
                description = "The retry delay sent to clients, which they wait before reconnecting")
        long reconnectDelayMillis() default 1_000;
    }

    /** Open streams per tenant; a tenant's entry goes with its last stream. */
    private final Map<String, Set<Subscriber>> channels = new ConcurrentHashMap<>();
    private final Map<String, Integer> streamsPerKey = new ConcurrentHashMap<>();
    /** Writes dates as the /api application's JSON does. */
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Config config;
    private final EventLog log;
    private final ScheduledExecutorService flusher;

    @Activate
    public EventStreams(Config config, @Reference EventLog log) {
        this.config = config;
        this.log = log;
        AtomicInteger threadNumber = new AtomicInteger();
        // Two threads: flushes and sweeps never block, so they only need to keep up with the CPU.
        this.flusher = Executors.newScheduledThreadPool(2, task -> {
            Thread thread = new Thread(task, "baseplate-event-streams-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        long sweepMillis = Math.max(1, Math.min(config.heartbeatMillis(), config.stallLimitMillis()) / SWEEPS_PER_INTERVAL);
        flusher.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void stop() {
        stopped.set(true);
        channels.values().forEach(subscribers -> List.copyOf(subscribers)
                .forEach(subscriber -> subscriber.close(Subscriber.CloseReason.SHUTDOWN)));
        flusher.shutdownNow();
    }

    /**
     * Starts streaming the caller's events of the topics asked for on this request, asynchronously.
     * Sends the greeting, then what the client missed after {@code lastEventId}, read from the event
     * log on this thread while live events are held, then the live events.
     *
     * @return false, starting nothing, when the caller's key already holds its maximum of streams
     */
    boolean open(Caller caller, TopicFilter topics, String lastEventId, HttpServletRequest request,
                 HttpServletResponse response) throws IOException {
        if (!reserveStream(caller.keyId())) {
            return false;
        }
        Subscriber subscriber;
        try {
            subscriber = startStreaming(caller, topics, request, response);
        } catch (IOException | RuntimeException failed) {
            releaseStream(caller.keyId());
            throw failed;
        }
        // Registered before the greeting goes out, so a client that has its greeting is counted; live events
        // that arrive meanwhile are held until the replay is in.
        channels.compute(caller.tenantId(), (tenant, subscribers) -> {
            Set<Subscriber> open = subscribers == null ? ConcurrentHashMap.newKeySet() : subscribers;
            open.add(subscriber);
            return open;
        });
        subscriber.enqueueInitial(SseFrames.greeting("subscribed to events of tenant " + caller.tenantId(),
                config.reconnectDelayMillis()));
        if (subscriber.isClosed()) {
            // The connection ended before the stream was registered: forget it now.
            forget(subscriber);
        } else if (stopped.get()) {
            subscriber.close(Subscriber.CloseReason.SHUTDOWN);
        } else {
            resume(subscriber, caller.tenantId(), lastEventId);
        }
        return true;
    }

    private void resume(Subscriber subscriber, String tenantId, String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            subscriber.resume(null, NOWHERE, List.of());
            return;
        }
        try {
            long position = position(lastEventId);
            EventLog.Slice slice = log.after(tenantId, Math.max(position, 0), config.replayLimit());
            String reset = resetReason(position, slice);
            if (reset != null) {
                subscriber.resume(resetFrame(slice.lastSeq(), reset, lastEventId), slice.lastSeq(), List.of());
            } else {
                subscriber.resume(null, position, slice.events().stream()
                        .map(event -> encode(event.topic(), event.properties())).filter(Objects::nonNull).toList());
            }
        } catch (RuntimeException unreadable) {
            LOG.warn("Replaying events of tenant {} after {} failed; the stream is closed for its client to retry",
                    tenantId, lastEventId, unreadable);
            subscriber.close(Subscriber.CloseReason.REPLAY_FAILED);
        }
    }

    /**
     * Why a client resuming after {@code position} cannot be sent what it missed, or null when it can:
     * not a position of this log, or one it may no longer hold events after, or more missed than the
     * replay limit.
     */
    static String resetReason(long position, EventLog.Slice slice) {
        if (position < 0 || position > slice.lastSeq()) {
            return "unknown-position";
        }
        if (position < slice.firstSeq() - 1) {
            return "outside-window";
        }
        return slice.more() ? "too-many-missed" : null;
    }

    /** A Last-Event-ID as a position; -1 when it is not one (a client's own id, or one of another server). */
    static long position(String lastEventId) {
        try {
            return Math.max(NOWHERE, Long.parseLong(lastEventId.strip()));
        } catch (NumberFormatException notAPosition) {
            return NOWHERE;
        }
    }

    private byte[] resetFrame(long newest, String reason, String lastEventId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", reason);
        data.put("lastEventId", lastEventId.strip());
        data.put("detail", "The events after Last-Event-ID cannot be replayed; reload what you show, then carry on "
                + "from this event");
        try {
            return SseFrames.event(newest, SseFrames.RESET, json.writeValueAsString(data));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private Subscriber startStreaming(Caller caller, TopicFilter topics, HttpServletRequest request,
                                      HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(CONTENT_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        // Tells a buffering reverse proxy (nginx) to pass events through as they come.
        response.setHeader("X-Accel-Buffering", "no");
        // A stream the server ends (overflow, stall, shutdown) must end its connection too: completed
        // normally, HTTP/1.1 would keep it alive, and a client that stopped reading would keep its socket.
        response.setHeader("Connection", "close");
        AsyncContext async = request.startAsync();
        // No container timeout: heartbeats and the stall limit end dead streams.
        async.setTimeout(0);
        Subscriber subscriber = new Subscriber(caller, topics, async, response.getOutputStream(),
                new OutboundQueue(config.queueCapacity()),
                new StreamLiveness(System::nanoTime, Duration.ofMillis(config.heartbeatMillis()),
                        Duration.ofMillis(config.stallLimitMillis())),
                flusher, this::forget);
        subscriber.start();
        return subscriber;
    }

    /**
     * Queues an event for the tenant's streams that want it; never waits on a client. Encoded only when
     * the tenant has streams on this node.
     *
     * @param properties the event's properties, without Event Admin's own {@code event.topics}
     */
    void publish(String tenantId, String topic, Map<String, Object> properties) {
        Set<Subscriber> subscribers = channels.get(tenantId);
        if (subscribers == null) {
            return;
        }
        StreamedEvent event = encode(topic, properties);
        if (event != null) {
            for (Subscriber subscriber : subscribers) {
                subscriber.deliver(event);
            }
        }
    }

    /** The frame and the audience of an event, the same live and replayed; null when it cannot be sent. */
    private StreamedEvent encode(String topic, Map<String, Object> properties) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("topic", topic);
        data.putAll(new TreeMap<>(properties));
        Long seq = properties.get(Outbox.EVENT_SEQ) instanceof Number number ? number.longValue() : null;
        try {
            return new StreamedEvent(seq, topic,
                    Audience.of(properties.get(PlatformEvents.AUDIENCE_USERS), properties.get(PlatformEvents.AUDIENCE_ROLES)),
                    SseFrames.event(seq, topic, json.writeValueAsString(data)));
        } catch (JsonProcessingException unserializable) {
            LOG.warn("Event {} ({}) not streamed: its properties are not serializable as JSON", topic, seq,
                    unserializable);
            return null;
        }
    }

    /** Open streams of one tenant on this node. */
    public int subscriberCount(String tenantId) {
        Set<Subscriber> subscribers = channels.get(tenantId);
        return subscribers == null ? 0 : subscribers.size();
    }

    /** The Retry-After, in seconds, of a caller over its stream cap: by then a vanished stream of its key has been noticed. */
    long retryAfterSeconds() {
        return Math.max(1, TimeUnit.MILLISECONDS.toSeconds(2 * config.heartbeatMillis()));
    }

    private void sweep() {
        for (Set<Subscriber> subscribers : channels.values()) {
            for (Subscriber subscriber : subscribers) {
                try {
                    if (subscriber.stalled()) {
                        subscriber.close(Subscriber.CloseReason.STALLED);
                    } else {
                        subscriber.heartbeatIfDue();
                    }
                } catch (RuntimeException unexpected) {
                    // A periodic task that throws is never run again: keep sweeping the other streams.
                    LOG.warn("Sweeping an event stream of tenant {} failed", subscriber.tenantId(), unexpected);
                }
            }
        }
    }

    /** Drops a closed stream, and its tenant's entry with its last; releases its key's slot once, whoever gets here first. */
    private void forget(Subscriber subscriber) {
        AtomicBoolean removed = new AtomicBoolean();
        channels.computeIfPresent(subscriber.tenantId(), (tenant, subscribers) -> {
            removed.set(subscribers.remove(subscriber));
            return subscribers.isEmpty() ? null : subscribers;
        });
        if (removed.get()) {
            releaseStream(subscriber.keyId());
            LOG.debug("Closed an event stream of tenant {}: {}", subscriber.tenantId(), subscriber.closeReason());
        }
    }

    private boolean reserveStream(String keyId) {
        AtomicBoolean reserved = new AtomicBoolean();
        streamsPerKey.compute(keyId, (key, open) -> {
            int count = open == null ? 0 : open;
            if (count >= config.maxStreamsPerKey()) {
                return open;
            }
            reserved.set(true);
            return count + 1;
        });
        return reserved.get();
    }

    private void releaseStream(String keyId) {
        streamsPerKey.computeIfPresent(keyId, (key, open) -> open <= 1 ? null : open - 1);
    }
}
