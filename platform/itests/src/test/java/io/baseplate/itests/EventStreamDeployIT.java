package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.baseplate.api.payment.SandboxProcessor;
import io.baseplate.testkit.BaseplateOptions;

/**
 * Issue 11, acceptance 5: with payments flowing and a stream open, ten deploys and undeploys of unrelated
 * plugins (report-csv adds a REST resource, so the REST whiteboard rebuilds /api each time; quiz types
 * add services) lose no event and cut no stream: the one connection receives both events of every
 * acknowledged payment, once each. The platform starts without the default feature, which would install
 * report-csv for good; the gateways are deployed through deploy/ like the rest.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventStreamDeployIT extends BaseplateTestSupport {

    private static final int DEPLOYS = 10;
    private static final String REPORTS = "/api/v1/reports/payments";

    @Override
    @Configuration
    public Option[] configuration() {
        return BaseplateOptions.fromDistribution(Path.of(requiredSystemProperty("baseplate.distribution")))
                .workDirectory(Path.of(requiredSystemProperty("baseplate.it.work")))
                .frameworkProperty(BaseplateOptions.FEATURES, "")
                .build();
    }

    /** Deploys the gateways the default feature would have installed, then waits for the platform as every test does. */
    @Override
    @Before
    public void connectOncePlatformIsReady() throws Exception {
        for (String gateway : DEFAULT_FEATURE_GATEWAYS) {
            deploy(pluginJar("gateway-" + gateway + "-"));
        }
        super.connectOncePlatformIsReady();
    }

    @Test
    public void tenDeploysOfUnrelatedPluginsCutNoStreamAndLoseNoEvent() throws Exception {
        String tenantId = api.newTenant("it-" + UUID.randomUUID());
        String key = api.newKey(tenantId);
        liftRateLimit(tenantId);
        List<Path> plugins = List.of(pluginJar("report-csv-"), pluginJar("quiz-true-false-"), pluginJar("quiz-numeric-"));
        LiveStreams streams = new LiveStreams(context);

        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean paying = new AtomicBoolean(true);
        ExecutorService payer = Executors.newSingleThreadExecutor();
        try (EventStream stream = api.events(key, null)) {
            awaitCondition("the stream to be open", CHANGE_VISIBLE, () -> streams.subscriberCount(tenantId) == 1);
            Future<Integer> payments = payer.submit(() -> {
                int failed = 0;
                while (paying.get()) {
                    BaseplateApi.Reply payment = api.pay(key, UUID.randomUUID().toString(), 1000, "INR", SandboxProcessor.APPROVE);
                    if (payment.status() == 201) {
                        acknowledged.add(payment.json().path("id").asText());
                    } else {
                        failed++;
                    }
                    Thread.sleep(20);
                }
                return failed;
            });

            for (int round = 1; round <= DEPLOYS; round++) {
                List<Path> deployed = new ArrayList<>();
                for (Path plugin : plugins) {
                    deployed.add(deploy(plugin));
                }
                awaitCondition("report-csv's resource to be served, round " + round, CHANGE_VISIBLE,
                        () -> reportsServed(key));
                for (Path jar : deployed) {
                    Files.delete(jar);
                }
                awaitCondition("report-csv's resource to be gone, round " + round, CHANGE_VISIBLE,
                        () -> !reportsServed(key));
                assertEquals("the stream is still the one open, round " + round, 1, streams.subscriberCount(tenantId));
            }
            paying.set(false);
            assertEquals("failed payments", 0, (int) payments.get(30, TimeUnit.SECONDS));
            assertTrue("payments flowed during the deploys: " + acknowledged.size(), acknowledged.size() >= DEPLOYS);

            Set<String> pending = new HashSet<>(acknowledged);
            Set<String> captured = new HashSet<>(acknowledged);
            Set<String> ids = new HashSet<>();
            while (!pending.isEmpty() || !captured.isEmpty()) {
                EventStream.SseEvent event = stream.await(e -> e.id() != null, CHANGE_VISIBLE,
                        "events of " + pending.size() + " pending and " + captured.size() + " captured payments");
                assertTrue("sent once: " + event.id(), ids.add(event.id()));
                String payment = paymentOf(event.data());
                if ("baseplate/payment/PENDING".equals(event.name())) {
                    pending.remove(payment);
                } else if ("baseplate/payment/CAPTURED".equals(event.name())) {
                    captured.remove(payment);
                }
            }
            assertEquals("the stream was never cut", 1, streams.subscriberCount(tenantId));
        } finally {
            paying.set(false);
            payer.shutdownNow();
        }
    }

    /** Whether /api/v1/reports/payments is routed: a GET on an unknown report is then report-csv's own 404. */
    private boolean reportsServed(String key) {
        return api.get(REPORTS + "/" + UUID.randomUUID(), key).body().contains("No payment report");
    }

    private static String paymentOf(String data) {
        int start = data.indexOf("\"payment.id\":\"") + "\"payment.id\":\"".length();
        return data.substring(start, data.indexOf('"', start));
    }
}
