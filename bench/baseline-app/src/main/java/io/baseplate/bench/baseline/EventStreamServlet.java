package io.baseplate.bench.baseline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /api/v1/events}: the calling tenant's payment events as Server-Sent Events, with the least a
 * servlet container needs for them, so the benchmark can set the platform's event streams beside it: an
 * asynchronous request per stream, a greeting, each event encoded once and written to every stream of the
 * tenant right after its commit, and a heartbeat after {@code BASELINE_SSE_HEARTBEAT_MS} (5000, as the
 * platform) without output. One thread writes everything, with blocking writes: no queue per stream, no
 * audience per key, no replay, and no protection from a client that stops reading (it would hold up the
 * others), all of which the platform has and pays for.
 */
final class EventStreamServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One open stream; written by the writer thread only. */
    private static final class Stream {
        final AsyncContext async;
        final ServletOutputStream out;
        long lastWriteNanos = System.nanoTime();

        Stream(AsyncContext async, ServletOutputStream out) {
            this.async = async;
            this.out = out;
        }
    }

    private final transient ApiKeyFilter keys;
    private final transient Map<String, Set<Stream>> streams = new ConcurrentHashMap<>();
    private final transient ScheduledExecutorService writer;
    private final long heartbeatNanos;

    EventStreamServlet(ApiKeyFilter keys, long heartbeatMillis) {
        this.keys = keys;
        this.heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMillis);
        this.writer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "baseline-event-streams");
            thread.setDaemon(true);
            return thread;
        });
        long sweepMillis = Math.max(1, heartbeatMillis / 4);
        writer.scheduleWithFixedDelay(this::heartbeats, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ApiKeyFilter.Caller> caller = keys.authenticate(request.getHeader(ApiKey.HEADER));
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", ApiKey.HEADER);
            RequestGate.send(response, 401, "Missing or unknown API key");
            return;
        }
        if (caller.get().tenantId() == null) {
            RequestGate.send(response, 403, "This endpoint acts for a tenant: call it with a tenant API key");
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        Stream stream = new Stream(async, response.getOutputStream());
        Set<Stream> tenantStreams = streams.computeIfAbsent(caller.get().tenantId(), tenant -> ConcurrentHashMap.newKeySet());
        byte[] greeting = (": subscribed to events of tenant " + caller.get().tenantId() + "\nretry: 1000\n\n")
                .getBytes(StandardCharsets.UTF_8);
        writer.execute(() -> {
            if (write(tenantStreams, stream, greeting)) {
                tenantStreams.add(stream);
            }
        });
    }

    /** Writes an event to every stream of the tenant, after the commit that made it; never waits on the writes. */
    void publish(String tenantId, String topic, Map<String, Object> data) {
        Set<Stream> tenantStreams = streams.get(tenantId);
        if (tenantStreams == null || tenantStreams.isEmpty()) {
            return;
        }
        byte[] frame;
        try {
            frame = ("event: " + topic + "\ndata: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + topic + " is not serializable", e);
        }
        writer.execute(() -> tenantStreams.forEach(stream -> write(tenantStreams, stream, frame)));
    }

    void stop() {
        writer.shutdownNow();
        streams.values().forEach(tenantStreams -> tenantStreams.forEach(stream -> stream.async.complete()));
    }

    private void heartbeats() {
        long now = System.nanoTime();
        streams.values().forEach(tenantStreams -> tenantStreams.forEach(stream -> {
            if (now - stream.lastWriteNanos >= heartbeatNanos) {
                write(tenantStreams, stream, HEARTBEAT);
            }
        }));
    }

    /** Writes and flushes a frame; a stream whose write fails is closed and forgotten. */
    private static boolean write(Set<Stream> tenantStreams, Stream stream, byte[] frame) {
        try {
            stream.out.write(frame);
            stream.out.flush();
            stream.lastWriteNanos = System.nanoTime();
            return true;
        } catch (IOException | IllegalStateException closed) {
            tenantStreams.remove(stream);
            try {
                stream.async.complete();
            } catch (IllegalStateException alreadyDone) {
                // the container ended the request already
            }
            return false;
        }
    }
}
