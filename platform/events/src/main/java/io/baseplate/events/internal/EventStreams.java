package io.baseplate.events.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.security.Caller;

/**
 * The open event streams of this node, per tenant, and the recent events each tenant's reconnecting
 * clients may replay. Publishing only queues: each stream has a bounded queue drained by non-blocking
 * writes, a stream that falls a full queue behind is closed, and a sweep sends heartbeats and closes
 * streams whose client stopped accepting output. {@link #subscriberCount(String)} is read by tests
 * and, later, by monitoring.
 */
@Component(service = EventStreams.class, configurationPid = EventStreams.PID)
@Designate(ocd = EventStreams.Config.class)
public class EventStreams {

    public static final String PID = "io.baseplate.events.stream";
    static final String CONTENT_TYPE = "text/event-stream";
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
    /** The sweep runs this many times per heartbeat interval or stall limit, whichever is shorter. */
    private static final int SWEEPS_PER_INTERVAL = 4;

    @ObjectClassDefinition(name = "Baseplate live event streams",
            description = "GET /api/v1/events: Server-Sent Events of the caller's tenant")
    public @interface Config {

        @AttributeDefinition(name = "Queue capacity (events)", min = "1",
                description = "Events held per stream for a client that reads slower than they arrive; a stream "
                        + "whose queue is full is closed, and its client resumes with Last-Event-ID")
        int queueCapacity() default 1024;

        @AttributeDefinition(name = "Replay capacity (events)", min = "0",
                description = "Recent events kept per tenant for clients that reconnect with Last-Event-ID")
        int replayCapacity() default 256;

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

    /** One tenant's streams and recent events; its lock orders replay against live events. */
    private static final class TenantChannel {
        final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
        final ReplayLog replay;

        TenantChannel(int replayCapacity) {
            this.replay = new ReplayLog(replayCapacity);
        }
    }

    private final Map<String, TenantChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, Integer> streamsPerKey = new ConcurrentHashMap<>();
    /** Seeded from the clock so ids keep increasing across restarts and a stale Last-Event-ID replays nothing wrong. */
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);
    /** Writes dates as the /api application's JSON does. */
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Config config;
    private final ScheduledExecutorService flusher;

    @Activate
    public EventStreams(Config config) {
        this.config = config;
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
        channels.values().forEach(channel -> List.copyOf(channel.subscribers)
                .forEach(subscriber -> subscriber.close(Subscriber.CloseReason.SHUTDOWN)));
        flusher.shutdownNow();
    }

    /**
     * Starts streaming the caller's tenant events on this request, asynchronously: the request's
     * thread returns at once. Sends the greeting, then the recent events after {@code lastEventId}.
     *
     * @return false, starting nothing, when the caller's key already holds its maximum of streams
     */
    boolean open(Caller caller, String lastEventId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (!reserveStream(caller.keyId())) {
            return false;
        }
        Subscriber subscriber;
        try {
            subscriber = startStreaming(caller, request, response);
        } catch (IOException | RuntimeException failed) {
            releaseStream(caller.keyId());
            throw failed;
        }
        TenantChannel channel = channelOf(caller.tenantId());
        synchronized (channel) {
            List<byte[]> initial = new ArrayList<>();
            initial.add(SseFrames.greeting("subscribed to events of tenant " + caller.tenantId(),
                    config.reconnectDelayMillis()));
            initial.addAll(channel.replay.framesAfter(lastEventId));
            subscriber.enqueueInitial(initial);
            channel.subscribers.add(subscriber);
        }
        if (subscriber.isClosed()) {
            // The connection ended before the stream was registered: forget it now.
            forget(subscriber);
        } else if (stopped.get()) {
            subscriber.close(Subscriber.CloseReason.SHUTDOWN);
        } else {
            subscriber.scheduleFlush();
        }
        return true;
    }

    private Subscriber startStreaming(Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
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
        Subscriber subscriber = new Subscriber(caller.tenantId(), caller.keyId(), async, response.getOutputStream(),
                new OutboundQueue(config.queueCapacity()),
                new StreamLiveness(System::nanoTime, Duration.ofMillis(config.heartbeatMillis()),
                        Duration.ofMillis(config.stallLimitMillis())),
                flusher, this::forget);
        subscriber.start();
        return subscriber;
    }

    /** Queues an event for the tenant's streams and its replay log; never waits on a client. */
    void publish(String tenantId, String topic, Map<String, Object> data) {
        String body;
        try {
            body = json.writeValueAsString(data);
        } catch (JsonProcessingException unserializable) {
            LOG.warn("Event {} of tenant {} not streamed: its properties are not serializable as JSON", topic, tenantId,
                    unserializable);
            return;
        }
        TenantChannel channel = channelOf(tenantId);
        synchronized (channel) {
            // Ids taken under the tenant's lock, so its replay log is in id order.
            long id = sequence.incrementAndGet();
            byte[] frame = SseFrames.event(id, topic, body);
            channel.replay.append(id, frame);
            for (Subscriber subscriber : channel.subscribers) {
                subscriber.enqueue(frame);
            }
        }
    }

    /** Open streams of one tenant on this node. */
    public int subscriberCount(String tenantId) {
        TenantChannel channel = channels.get(tenantId);
        return channel == null ? 0 : channel.subscribers.size();
    }

    /** The Retry-After, in seconds, of a caller over its stream cap: by then a vanished stream of its key has been noticed. */
    long retryAfterSeconds() {
        return Math.max(1, TimeUnit.MILLISECONDS.toSeconds(2 * config.heartbeatMillis()));
    }

    private void sweep() {
        for (TenantChannel channel : channels.values()) {
            for (Subscriber subscriber : channel.subscribers) {
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

    /** Drops a closed stream from the maps; releases its key's slot once, whichever caller gets here first. */
    private void forget(Subscriber subscriber) {
        TenantChannel channel = channels.get(subscriber.tenantId());
        if (channel != null && channel.subscribers.remove(subscriber)) {
            releaseStream(subscriber.keyId());
            LOG.debug("Closed an event stream of tenant {}: {}", subscriber.tenantId(), subscriber.closeReason());
        }
    }

    private TenantChannel channelOf(String tenantId) {
        return channels.computeIfAbsent(tenantId, t -> new TenantChannel(config.replayCapacity()));
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
