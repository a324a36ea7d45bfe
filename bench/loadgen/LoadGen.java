import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator of the benchmark harness (bench/run.py): --threads threads, each sending its requests
 * one after another (so at most --threads connections are busy at once), for --warmup seconds (not
 * counted) and then --duration seconds (counted). Every payment has its own Idempotency-Key.
 * Prints MEASURE-START and MEASURE-END around the counted part, then one line of JSON: requests, throughput, latency percentiles in microseconds, status counts,
 * and transport errors.
 *
 * <pre>java LoadGen.java --url http://127.0.0.1:8080 --key KEY --mode pay|get --threads 16 --duration 20 --warmup 3</pre>
 *
 * {@code --mode sse} measures event streams instead: see {@link EventStreamBench}.
 *
 * Java 17 runs this single file without a build; the harness compiles it once with javac instead, so
 * no compilation runs while it measures.
 */
public final class LoadGen {

    private static final String[] CURRENCIES = {"USD", "INR", "GBP"};

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        String url = required(options, "url");
        String key = required(options, "key");
        String mode = options.getOrDefault("mode", "pay");
        if (mode.equals("sse")) {
            System.exit(new EventStreamBench(url, key, options).run());
        }
        if (!mode.equals("pay") && !mode.equals("get")) {
            throw new IllegalArgumentException("--mode is pay, get or sse");
        }
        int threads = Integer.parseInt(options.getOrDefault("threads", "1"));
        double duration = Double.parseDouble(options.getOrDefault("duration", "10"));
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "2"));
        String currency = options.get("currency");

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        String run = UUID.randomUUID().toString().substring(0, 8);

        if (warmup > 0) {
            drive(client, url, key, mode, currency, threads, warmup, "w" + run);
        }
        // The harness samples the server's CPU time at these two lines.
        System.out.println("MEASURE-START");
        System.out.flush();
        long started = System.nanoTime();
        Worker[] workers = drive(client, url, key, mode, currency, threads, duration, "m" + run);
        double elapsed = (System.nanoTime() - started) / 1e9;
        System.out.println("MEASURE-END");
        System.out.flush();

        int total = 0;
        for (Worker worker : workers) {
            total += worker.count;
        }
        long[] latencies = new long[total];
        int at = 0;
        Map<Integer, Integer> statuses = new TreeMap<>();
        int errors = 0;
        int non2xx = 0;
        List<String> samples = new ArrayList<>();
        for (Worker worker : workers) {
            System.arraycopy(worker.latencies, 0, latencies, at, worker.count);
            at += worker.count;
            for (int i = 0; i < worker.count; i++) {
                int status = worker.statuses[i];
                statuses.merge(status, 1, Integer::sum);
                if (status < 0) {
                    errors++;
                } else if (status < 200 || status > 299) {
                    non2xx++;
                }
            }
            samples.addAll(worker.failureSamples);
        }
        Arrays.sort(latencies);
        StringBuilder json = new StringBuilder("{");
        json.append("\"mode\":\"").append(mode).append("\",\"threads\":").append(threads);
        json.append(",\"seconds\":").append(String.format("%.3f", elapsed));
        json.append(",\"requests\":").append(total);
        json.append(",\"throughput\":").append(String.format("%.1f", total / elapsed));
        json.append(",\"p50_us\":").append(percentile(latencies, 50));
        json.append(",\"p90_us\":").append(percentile(latencies, 90));
        json.append(",\"p99_us\":").append(percentile(latencies, 99));
        json.append(",\"max_us\":").append(total == 0 ? 0 : latencies[total - 1]);
        json.append(",\"non2xx\":").append(non2xx);
        json.append(",\"errors\":").append(errors);
        json.append(",\"statuses\":{");
        boolean first = true;
        for (Map.Entry<Integer, Integer> entry : statuses.entrySet()) {
            json.append(first ? "" : ",").append('"').append(entry.getKey() < 0 ? "error" : entry.getKey().toString())
                    .append("\":").append(entry.getValue());
            first = false;
        }
        json.append("},\"failure_samples\":[");
        for (int i = 0; i < Math.min(5, samples.size()); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(escape(samples.get(i))).append('"');
        }
        json.append("]}");
        System.out.println(json);
    }

    private static Worker[] drive(HttpClient client, String url, String key, String mode, String currency,
                                  int threads, double seconds, String prefix) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(threads);
        Worker[] workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(client, url, key, mode, currency, prefix + "-" + i, stop, done);
        }
        for (Worker worker : workers) {
            Thread thread = new Thread(worker, "load-" + worker.name);
            thread.setDaemon(true);
            thread.start();
        }
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        if (!done.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
            System.err.println("some requests did not finish within 60 s after the end of the run");
        }
        return workers;
    }

    private static final class Worker implements Runnable {
        final HttpClient client;
        final String url;
        final String key;
        final String mode;
        final String currency;
        final String name;
        final AtomicBoolean stop;
        final CountDownLatch done;
        long[] latencies = new long[4096];
        int[] statuses = new int[4096];
        int count;
        final List<String> failureSamples = new ArrayList<>();

        Worker(HttpClient client, String url, String key, String mode, String currency, String name,
               AtomicBoolean stop, CountDownLatch done) {
            this.client = client;
            this.url = url;
            this.key = key;
            this.mode = mode;
            this.currency = currency;
            this.name = name;
            this.stop = stop;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                long number = 0;
                while (!stop.get()) {
                    number++;
                    HttpRequest request = request(number);
                    long started = System.nanoTime();
                    int status;
                    String failure = null;
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        status = response.statusCode();
                        if (status < 200 || status > 299) {
                            failure = status + " " + truncate(response.body());
                        }
                    } catch (Exception e) {
                        status = -1;
                        failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                    record((System.nanoTime() - started) / 1000, status);
                    if (failure != null && failureSamples.size() < 5) {
                        failureSamples.add(failure);
                    }
                    if (status < 0) {
                        Thread.sleep(20);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.countDown();
            }
        }

        private HttpRequest request(long number) {
            if (mode.equals("get")) {
                return HttpRequest.newBuilder(URI.create(url + "/api/v1/gateways"))
                        .timeout(Duration.ofSeconds(30))
                        .header("X-Api-Key", key)
                        .GET().build();
            }
            String idempotencyKey = name + "-" + number;
            String cur = currency != null ? currency : CURRENCIES[(int) (number % CURRENCIES.length)];
            String body = "{\"amount\":" + (1000 + number % 9000) + ",\"currency\":\"" + cur
                    + "\",\"reference\":\"" + idempotencyKey + "\",\"paymentMethod\":\"tok_ok\"}";
            return HttpRequest.newBuilder(URI.create(url + "/api/v1/payments"))
                    .timeout(Duration.ofSeconds(30))
                    .header("X-Api-Key", key)
                    .header("Idempotency-Key", idempotencyKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        }

        private void record(long micros, int status) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
                statuses = Arrays.copyOf(statuses, count * 2);
            }
            latencies[count] = micros;
            statuses[count] = status;
            count++;
        }
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String truncate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) : text;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    /**
     * {@code --mode sse}: opens {@code --streams} event streams ({@code GET /api/v1/events}) on one key, or
     * on the keys listed in {@code --stream-keys} (a file, one key a line; stream i uses key i modulo their
     * number), {@code --opening} at a time (8: a burst of concurrent requests would grow the server's thread
     * pool and count it as the streams' memory), all read by a single NIO selector thread (a thread per
     * stream would measure the client), then keeps them idle for {@code --idle} seconds and checks that
     * each saw at least {@code --min-heartbeats} heartbeats, then pays {@code --events} times, one
     * payment at a time with {@code --key} (each once the previous one's events reached every stream, then
     * {@code --gap-ms} apart), and records when each stream received each payment's events.
     *
     * <p>Prints {@code SSE-OPEN <opened> <failed> <ms>} once every stream answered (or
     * {@code --open-timeout} passed), {@code SSE-IDLE <open>} after the idle time (the harness reads
     * the server's RSS there), {@code SSE-DONE <open>} after the events, with the streams still open
     * (the harness reads the server's live heap there), and last, once it has closed the streams, one
     * line of JSON. With {@code --handshake true} it waits for a line on stdin after each of
     * {@code SSE-IDLE} and {@code SSE-DONE}.
     *
     * <p>The measured event is each payment's first, {@code baseplate/payment/PENDING}; its
     * delivery time on a stream is the moment this process read its last byte minus the event's own
     * {@code timestamp} (the server's wall clock, epoch milliseconds: the same clock on one machine,
     * and up to 1 ms early since it is truncated). The {@code CAPTURED} event that follows must reach
     * every stream too; its times are reported apart. A stream that did not open, or closed before the
     * end, and an event a stream missed, are counted as failures. The reader thread's CPU time per
     * payment is reported too: on a small machine this client's reading is part of the times.
     */
    static final class EventStreamBench {

        private static final Pattern REFERENCE = Pattern.compile("\"payment\\.reference\"\\s*:\\s*\"([^\"]*)\"");
        private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\"\\s*:\\s*(\\d+)");

        private final String host;
        private final int port;
        private final String url;
        private final String key;
        /** The keys the streams open with, stream i with streamKeys[i % length]; {@link #key} pays. */
        private final String[] streamKeys;
        private final int streamCount;
        /** Streams being connected or awaiting their greeting at once (--opening). */
        private final int openingAtOnce;
        private final int events;
        private final double idleSeconds;
        private final int minHeartbeats;
        private final boolean handshake;
        private final long gapMillis;
        private final double openTimeoutSeconds;
        private final double eventTimeoutSeconds;

        private final Stream[] streams;
        private final Map<String, Integer> eventIndex = new ConcurrentHashMap<>();
        /** [event][stream]: System.nanoTime() of the read that completed the event on that stream; 0 if none. */
        private final long[][] arrivals;
        /** The event's own timestamp, epoch ms, per event. */
        private final long[] timestamps;
        private final AtomicInteger[] delivered;
        private final AtomicInteger opened = new AtomicInteger();
        private final AtomicInteger failedOpen = new AtomicInteger();
        private final AtomicInteger closedEarly = new AtomicInteger();
        private final AtomicInteger unexpectedEvents = new AtomicInteger();
        private final List<String> failureSamples = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile boolean stopping;
        private final long anchorNanos;
        private final double anchorEpochMillis;

        EventStreamBench(String url, String key, Map<String, String> options) {
            URI uri = URI.create(url);
            this.url = url;
            this.host = uri.getHost();
            this.port = uri.getPort() < 0 ? 80 : uri.getPort();
            this.key = key;
            String keysFile = options.get("stream-keys");
            try {
                this.streamKeys = keysFile == null ? new String[] {key}
                        : java.nio.file.Files.readAllLines(java.nio.file.Path.of(keysFile)).stream()
                                .map(String::trim).filter(line -> !line.isEmpty()).toArray(String[]::new);
            } catch (IOException e) {
                throw new IllegalArgumentException("--stream-keys " + keysFile + ": " + e, e);
            }
            if (streamKeys.length == 0) {
                throw new IllegalArgumentException("--stream-keys " + keysFile + " lists no key");
            }
            this.streamCount = Integer.parseInt(options.getOrDefault("streams", "1000"));
            this.openingAtOnce = Integer.parseInt(options.getOrDefault("opening", "8"));
            this.events = Integer.parseInt(options.getOrDefault("events", "20"));
            this.idleSeconds = Double.parseDouble(options.getOrDefault("idle", "10"));
            this.minHeartbeats = Integer.parseInt(options.getOrDefault("min-heartbeats", "0"));
            this.handshake = Boolean.parseBoolean(options.getOrDefault("handshake", "false"));
            this.gapMillis = Long.parseLong(options.getOrDefault("gap-ms", "100"));
            this.openTimeoutSeconds = Double.parseDouble(options.getOrDefault("open-timeout", "60"));
            this.eventTimeoutSeconds = Double.parseDouble(options.getOrDefault("event-timeout", "10"));
            this.streams = new Stream[streamCount];
            this.arrivals = new long[2 * events][streamCount];
            this.timestamps = new long[2 * events];
            this.delivered = new AtomicInteger[2 * events];
            for (int i = 0; i < delivered.length; i++) {
                delivered[i] = new AtomicInteger();
            }
            // One reading of both clocks turns a nanoTime into epoch milliseconds, with microseconds.
            java.time.Instant now = java.time.Instant.now();
            this.anchorNanos = System.nanoTime();
            this.anchorEpochMillis = now.getEpochSecond() * 1000.0 + now.getNano() / 1e6;
        }

        int run() throws Exception {
            Selector selector = Selector.open();
            Thread reader = new Thread(() -> read(selector), "sse-reader");
            reader.setDaemon(true);
            long openStarted = System.nanoTime();
            reader.start();
            long openDeadline = openStarted + (long) (openTimeoutSeconds * 1e9);
            while (opened.get() + failedOpen.get() < streamCount && System.nanoTime() < openDeadline) {
                Thread.sleep(5);
            }
            double openMillis = (System.nanoTime() - openStarted) / 1e6;
            int notAnswered = streamCount - opened.get() - failedOpen.get();
            if (notAnswered > 0) {
                sample(notAnswered + " streams not open after " + openTimeoutSeconds + " s");
            }
            System.out.printf("SSE-OPEN %d %d %.0f%n", opened.get(), streamCount - opened.get(), openMillis);
            System.out.flush();

            Thread.sleep((long) (idleSeconds * 1000));
            int withoutHeartbeat = 0;
            int fewestHeartbeats = Integer.MAX_VALUE;
            for (Stream stream : streams) {
                if (stream != null && stream.greeted && !stream.ended) {
                    fewestHeartbeats = Math.min(fewestHeartbeats, stream.heartbeats);
                    if (stream.heartbeats < minHeartbeats) {
                        withoutHeartbeat++;
                    }
                }
            }
            int openAfterIdle = opened.get() - closedEarly.get();
            java.io.BufferedReader harness = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
            System.out.println("SSE-IDLE " + openAfterIdle);
            System.out.flush();
            if (handshake) {
                harness.readLine();
            }

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            String run = UUID.randomUUID().toString().substring(0, 8);
            long[] sent = new long[events];
            boolean[] paid = new boolean[events];
            // The reader's CPU time while the events are read shows how much of their times is this client's.
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long readerCpuBefore = cpu.getThreadCpuTime(reader.getId());
            int paymentsFailed = 0;
            int eventsTimedOut = 0;
            for (int i = 0; i < events; i++) {
                String reference = "sse-" + run + "-" + i;
                eventIndex.put("PENDING " + reference, 2 * i);
                eventIndex.put("CAPTURED " + reference, 2 * i + 1);
                String body = "{\"amount\":1000,\"currency\":\"USD\",\"reference\":\"" + reference
                        + "\",\"paymentMethod\":\"tok_ok\"}";
                HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/payments"))
                        .timeout(Duration.ofSeconds(30)).header("X-Api-Key", key).header("Idempotency-Key", reference)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                sent[i] = System.nanoTime();
                try {
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 201) {
                        paymentsFailed++;
                        sample("payment " + response.statusCode() + " " + truncate(response.body()));
                        continue;
                    }
                    paid[i] = true;
                } catch (IOException e) {
                    paymentsFailed++;
                    sample("payment " + e);
                    continue;
                }
                long deadline = System.nanoTime() + (long) (eventTimeoutSeconds * 1e9);
                while (delivered[2 * i].get() + delivered[2 * i + 1].get() < 2 * (opened.get() - closedEarly.get())) {
                    if (System.nanoTime() > deadline) {
                        eventsTimedOut++;
                        break;
                    }
                    Thread.sleep(1);
                }
                Thread.sleep(gapMillis);
            }
            double readerCpuMillis = (cpu.getThreadCpuTime(reader.getId()) - readerCpuBefore) / 1e6;
            System.out.println("SSE-DONE " + (opened.get() - closedEarly.get()));
            System.out.flush();
            if (handshake) {
                harness.readLine();
            }
            stopping = true;
            selector.wakeup();
            reader.join(10_000);

            // Only the streams that stayed open from the greeting to the end are timed.
            List<Integer> timed = new ArrayList<>();
            for (int s = 0; s < streamCount; s++) {
                if (streams[s] != null && streams[s].greeted && !streams[s].ended) {
                    timed.add(s);
                }
            }
            int missed = 0;
            List<Double> pending = new ArrayList<>();
            List<Double> captured = new ArrayList<>();
            List<Double> pendingAll = new ArrayList<>();
            List<Double> capturedAll = new ArrayList<>();
            List<Double> pendingAllFromRequest = new ArrayList<>();
            List<Double> pendingSpread = new ArrayList<>();
            for (int e = 0; e < 2 * events; e++) {
                if (!paid[e / 2]) {
                    continue; // counted as a failed payment
                }
                double last = Double.NEGATIVE_INFINITY;
                double first = Double.POSITIVE_INFINITY;
                long lastNanos = 0;
                for (int s : timed) {
                    long at = arrivals[e][s];
                    if (at == 0) {
                        missed++;
                        continue;
                    }
                    double millis = epochMillis(at) - timestamps[e];
                    (e % 2 == 0 ? pending : captured).add(millis);
                    last = Math.max(last, millis);
                    first = Math.min(first, millis);
                    lastNanos = Math.max(lastNanos, at);
                }
                if (lastNanos == 0) {
                    continue;
                }
                if (e % 2 == 0) {
                    pendingAll.add(last);
                    pendingAllFromRequest.add((lastNanos - sent[e / 2]) / 1e6);
                    pendingSpread.add(last - first);
                } else {
                    capturedAll.add(last);
                }
            }
            StringBuilder json = new StringBuilder("{\"mode\":\"sse\"");
            field(json, "streams", streamCount);
            field(json, "opened", opened.get());
            field(json, "failed_open", streamCount - opened.get());
            field(json, "closed_early", closedEarly.get());
            field(json, "open_ms", openMillis);
            field(json, "idle_seconds", idleSeconds);
            field(json, "open_after_idle", openAfterIdle);
            field(json, "fewest_heartbeats", fewestHeartbeats == Integer.MAX_VALUE ? 0 : fewestHeartbeats);
            field(json, "streams_without_heartbeat", withoutHeartbeat);
            field(json, "events", events);
            field(json, "payments_failed", paymentsFailed);
            field(json, "events_timed_out", eventsTimedOut);
            field(json, "deliveries_missed", missed);
            field(json, "unexpected_events", unexpectedEvents.get());
            field(json, "timed_streams", timed.size());
            field(json, "reader_cpu_ms_per_event", readerCpuMillis / Math.max(1, events));
            percentiles(json, "delivery", pending);
            percentiles(json, "reach_all", pendingAll);
            percentiles(json, "reach_all_from_request", pendingAllFromRequest);
            percentiles(json, "spread", pendingSpread);
            percentiles(json, "captured_delivery", captured);
            percentiles(json, "captured_reach_all", capturedAll);
            json.append(",\"failure_samples\":[");
            synchronized (failureSamples) {
                for (int i = 0; i < Math.min(5, failureSamples.size()); i++) {
                    json.append(i == 0 ? "" : ",").append('"').append(escape(failureSamples.get(i))).append('"');
                }
            }
            json.append("]}");
            System.out.println(json);
            System.out.flush();
            return 0;
        }

        private double epochMillis(long nanos) {
            return anchorEpochMillis + (nanos - anchorNanos) / 1e6;
        }

        private void sample(String failure) {
            if (failureSamples.size() < 5) {
                failureSamples.add(failure);
            }
        }

        private static void field(StringBuilder json, String name, double value) {
            json.append(",\"").append(name).append("\":");
            json.append(value == Math.rint(value) ? Long.toString((long) value)
                    : String.format(java.util.Locale.ROOT, "%.3f", value));
        }

        /** _count, _p50_ms, _p99_ms, _max_ms; p99 by nearest rank. */
        private static void percentiles(StringBuilder json, String name, List<Double> values) {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            field(json, name + "_count", sorted.length);
            if (sorted.length == 0) {
                return;
            }
            field(json, name + "_p50_ms", sorted[Math.max(0, (int) Math.ceil(0.50 * sorted.length) - 1)]);
            field(json, name + "_p99_ms", sorted[Math.max(0, (int) Math.ceil(0.99 * sorted.length) - 1)]);
            field(json, name + "_max_ms", sorted[sorted.length - 1]);
        }

        /** The selector thread: opens the streams, a few at a time, and reads them all until stopping. */
        private void read(Selector selector) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
            int next = 0;
            int opening = 0;
            try {
                while (!stopping) {
                    while (next < streamCount && opening < openingAtOnce) {
                        Stream stream = new Stream(next++);
                        streams[stream.index] = stream;
                        if (stream.connect(selector)) {
                            opening++;
                        }
                    }
                    selector.select(50);
                    for (SelectionKey selected : selector.selectedKeys()) {
                        Stream stream = (Stream) selected.attachment();
                        boolean wasOpening = !stream.greeted && !stream.ended;
                        stream.ready(selected, buffer);
                        if (wasOpening && (stream.greeted || stream.ended)) {
                            opening--;
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                sample("selector: " + e);
            } finally {
                for (SelectionKey registered : selector.keys()) {
                    try {
                        registered.channel().close();
                    } catch (IOException ignored) {
                        // closing at the end: nothing to do
                    }
                }
            }
        }

        /** One stream's connection and its parsers (HTTP head, chunked body, event stream); used by the selector thread only. */
        private final class Stream {
            final int index;
            SocketChannel channel;
            volatile boolean greeted;
            volatile boolean ended;
            volatile int heartbeats;
            private ByteBuffer request;
            private boolean inHead = true;
            private int status;
            private boolean chunked;
            /** Chunked decoding: -1 reading a size line, 0 after a chunk's data (its CRLF), >0 data bytes left. */
            private long chunkLeft = -1;
            private final StringBuilder sizeLine = new StringBuilder();
            private byte[] line = new byte[512];
            private int lineLength;
            private final StringBuilder head = new StringBuilder();
            private String eventName;
            private String data;
            private boolean sawRetry;
            private boolean sawComment;

            Stream(int index) {
                this.index = index;
            }

            boolean connect(Selector selector) {
                try {
                    channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                    request = ByteBuffer.wrap(("GET /api/v1/events HTTP/1.1\r\nHost: " + host + ":" + port
                            + "\r\nX-Api-Key: " + streamKeys[index % streamKeys.length] + "\r\nAccept: text/event-stream\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    if (channel.connect(new java.net.InetSocketAddress(host, port))) {
                        channel.register(selector, SelectionKey.OP_WRITE, this);
                    } else {
                        channel.register(selector, SelectionKey.OP_CONNECT, this);
                    }
                    return true;
                } catch (IOException e) {
                    fail("connect: " + e);
                    return false;
                }
            }

            void ready(SelectionKey selected, ByteBuffer buffer) {
                try {
                    if (selected.isConnectable()) {
                        channel.finishConnect();
                        selected.interestOps(SelectionKey.OP_WRITE);
                        return;
                    }
                    if (selected.isWritable()) {
                        channel.write(request);
                        if (!request.hasRemaining()) {
                            selected.interestOps(SelectionKey.OP_READ);
                        }
                        return;
                    }
                    buffer.clear();
                    long at = System.nanoTime();
                    int read = channel.read(buffer);
                    if (read < 0) {
                        end(selected, "closed by the server");
                        return;
                    }
                    buffer.flip();
                    while (buffer.hasRemaining() && !ended) {
                        take(buffer, at);
                    }
                    if (ended) {
                        selected.cancel();
                        channel.close();
                    }
                } catch (IOException e) {
                    end(selected, e.toString());
                }
            }

            private void end(SelectionKey selected, String why) {
                selected.cancel();
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already failed
                }
                if (!ended) {
                    if (greeted) {
                        markEnded("stream " + index + " ended early: " + why);
                    } else {
                        fail("stream " + index + " did not open: " + why);
                    }
                }
            }

            private void fail(String why) {
                ended = true;
                failedOpen.incrementAndGet();
                sample(why);
            }

            private void markEnded(String why) {
                ended = true;
                if (!stopping) {
                    closedEarly.incrementAndGet();
                    sample(why);
                }
            }

            /** Consumes bytes from buffer: the response head, then the body, de-chunked if need be. */
            private void take(ByteBuffer buffer, long at) {
                if (inHead) {
                    byte b = buffer.get();
                    head.append((char) b);
                    int length = head.length();
                    if (length >= 4 && head.charAt(length - 1) == '\n' && head.charAt(length - 3) == '\n') {
                        inHead = false;
                        String text = head.toString();
                        String[] parts = text.split(" ", 3);
                        status = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : -1;
                        chunked = text.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked");
                        if (status != 200) {
                            fail("stream " + index + " answered " + truncate(text.replace("\r\n", " | ")));
                        }
                    }
                    return;
                }
                if (!chunked) {
                    body(buffer.get(), at);
                    return;
                }
                if (chunkLeft > 0) {
                    int n = (int) Math.min(chunkLeft, buffer.remaining());
                    for (int i = 0; i < n; i++) {
                        body(buffer.get(), at);
                    }
                    chunkLeft -= n;
                    if (chunkLeft == 0) {
                        chunkLeft = -2; // the CRLF after the data
                    }
                    return;
                }
                byte b = buffer.get();
                if (chunkLeft == -2) {
                    if (b == '\n') {
                        chunkLeft = -1;
                    }
                    return;
                }
                if (b != '\n') {
                    sizeLine.append((char) b);
                    return;
                }
                String size = sizeLine.toString().trim();
                sizeLine.setLength(0);
                int extension = size.indexOf(';');
                chunkLeft = Long.parseLong(extension < 0 ? size : size.substring(0, extension).trim(), 16);
                if (chunkLeft == 0) {
                    markEnded("stream " + index + " ended by the server (last chunk)");
                }
            }

            /** One byte of the event stream: lines end at LF (the server writes no CR). */
            private void body(byte b, long at) {
                if (b != '\n') {
                    if (lineLength == line.length) {
                        line = Arrays.copyOf(line, line.length * 2);
                    }
                    line[lineLength++] = b;
                    return;
                }
                String text = new String(line, 0, lineLength, java.nio.charset.StandardCharsets.UTF_8);
                lineLength = 0;
                if (text.isEmpty()) {
                    dispatch(at);
                } else if (text.equals(":")) {
                    heartbeats++;
                } else if (text.startsWith(":")) {
                    sawComment = true;
                } else {
                    int colon = text.indexOf(':');
                    String field = colon < 0 ? text : text.substring(0, colon);
                    String value = colon < 0 ? "" : text.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "event" -> eventName = value;
                        case "data" -> data = data == null ? value : data + "\n" + value;
                        case "retry" -> sawRetry = true;
                        default -> {
                            // id: not needed here
                        }
                    }
                }
            }

            private void dispatch(long at) {
                if (!greeted) {
                    if (sawComment || sawRetry) {
                        greeted = true;
                        opened.incrementAndGet();
                    }
                } else if (data != null) {
                    event(at);
                }
                eventName = null;
                data = null;
                sawComment = false;
                sawRetry = false;
            }

            private void event(long at) {
                Matcher reference = REFERENCE.matcher(data);
                String status = eventName == null ? "" : eventName.substring(eventName.lastIndexOf('/') + 1);
                Integer event = reference.find() ? eventIndex.get(status + " " + reference.group(1)) : null;
                if (event == null) {
                    unexpectedEvents.incrementAndGet();
                    return;
                }
                if (arrivals[event][index] == 0) {
                    arrivals[event][index] = at;
                    if (timestamps[event] == 0) {
                        Matcher timestamp = TIMESTAMP.matcher(data);
                        if (timestamp.find()) {
                            timestamps[event] = Long.parseLong(timestamp.group(1));
                        }
                    }
                    delivered[event].incrementAndGet();
                }
            }
        }
    }
}
