package io.baseplate.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A Server-Sent Events subscription read line by line on its own thread. */
final class EventStream implements AutoCloseable {

    /** One dispatched SSE event, and when the reader got it (epoch milliseconds). */
    record SseEvent(String id, String name, String data, long receivedAtMillis) {
    }

    private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    private final Thread reader;

    private EventStream(Stream<String> lines) {
        this.lines = lines;
        this.reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code GET /api/v1/events}; {@code lastEventId} may be null. Returns once the response headers arrived. */
    static EventStream open(HttpClient http, URI uri, String apiKey, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header(BaseplateApi.API_KEY, apiKey)
                .header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new AssertionError("Event stream answered " + response.statusCode());
        }
        return new EventStream(response.body());
    }

    /** Waits for the next event matching {@code wanted}, skipping others; fails after {@code timeout}. */
    SseEvent await(Predicate<SseEvent> wanted, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            SseEvent event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                throw new AssertionError("No event " + what + " within " + timeout);
            }
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    /** The events that arrived and were not awaited yet, without waiting. */
    List<SseEvent> drain() {
        List<SseEvent> arrived = new ArrayList<>();
        events.drainTo(arrived);
        return arrived;
    }

    private void read() {
        String id = null;
        String name = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new SseEvent(id, name, data.toString(), System.currentTimeMillis()));
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        } catch (RuntimeException streamClosed) {
            // close() ends the stream under the reader; nothing more will arrive.
        }
    }

    @Override
    public void close() {
        lines.close();
    }
}
