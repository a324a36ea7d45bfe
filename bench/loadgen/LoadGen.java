import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Load generator of the benchmark harness (bench/run.py): --threads threads, each sending its requests
 * one after another (so at most --threads connections are busy at once), for --warmup seconds (not
 * counted) and then --duration seconds (counted). Every payment has its own Idempotency-Key.
 * Prints MEASURE-START and MEASURE-END around the counted part, then one line of JSON: requests, throughput, latency percentiles in microseconds, status counts,
 * and transport errors.
 *
 * <pre>java LoadGen.java --url http://127.0.0.1:8080 --key KEY --mode pay|get --threads 16 --duration 20 --warmup 3</pre>
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
        if (!mode.equals("pay") && !mode.equals("get")) {
            throw new IllegalArgumentException("--mode is pay or get");
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
}
