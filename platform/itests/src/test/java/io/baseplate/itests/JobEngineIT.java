package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.tinybundles.TinyBundlesFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.baseplate.api.command.Command;
import io.baseplate.api.command.CommandBus;
import io.baseplate.api.command.CommandHandler;
import io.baseplate.api.command.CommandPolicy;
import io.baseplate.api.command.CommandRequest;
import io.baseplate.itests.sandbox.NoOpJobHandler;

/**
 * The job engine in the container, with handlers as services and as a bundle: retries with backoff
 * and dead-lettering, any Throwable, unreadable payloads, timeouts, scheduling, cancellation,
 * chaining, batch progress events, and a handler bundle uninstalled while its jobs are queued.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JobEngineIT extends BaseplateTestSupport {

    private static final String HANDLER_BUNDLE = "io.baseplate.itests.noop-job-handler";

    @Inject
    private TinyBundlesFactory tinyBundles;

    @Override
    protected Option[] additionalOptions() {
        return tinyBundlesInContainer();
    }

    /** Fails (with an Error, which must end the attempt like anything else) until its third attempt; records when each began. */
    private static final class FailingTwiceHandler implements CommandHandler {
        final List<Long> startedMillis = new CopyOnWriteArrayList<>();

        @Override
        public String execute(Command command) {
            startedMillis.add(System.currentTimeMillis());
            if (command.attempt() < 3) {
                throw new AssertionError("attempt " + command.attempt() + " fails");
            }
            return "third time lucky";
        }
    }

    /** Always fails. */
    private static final class AlwaysFailingHandler implements CommandHandler {
        @Override
        public String execute(Command command) {
            throw new IllegalStateException("the third party is down");
        }
    }

    /** The first attempt hangs past the timeout; later ones return at once. */
    private static final class SlowFirstAttemptHandler implements CommandHandler {
        @Override
        public String execute(Command command) throws InterruptedException {
            if (command.attempt() == 1) {
                Thread.sleep(4_000);
                return "too late";
            }
            return "in time";
        }
    }

    /** Records the order in which jobs ran, by their payload's name. */
    private static final class RecordingHandler implements CommandHandler {
        final List<String> ran = new CopyOnWriteArrayList<>();

        @Override
        public String execute(Command command) throws InterruptedException {
            Thread.sleep(50);
            ran.add(command.payload().get("name"));
            return "ran";
        }
    }

    @Test
    public void aFailingJobIsRetriedWithBackoffThenDeadAndCanBeRetriedThroughTheApi() throws Exception {
        Tenant tenant = newTenant();
        String tenantKey = tenant.key();
        String tenantId = tenant.id();
        FailingTwiceHandler flaky = new FailingTwiceHandler();
        ServiceRegistration<?> flakyRegistration = register("FlakyTest", flaky, Map.of(CommandPolicy.BASE_DELAY_MILLIS, 400L));
        ServiceRegistration<?> deadRegistration = register("DeadTest", new AlwaysFailingHandler(),
                Map.of(CommandPolicy.MAX_ATTEMPTS, 2, CommandPolicy.BASE_DELAY_MILLIS, 100L));
        try {
            String flakyJob = Commands.bus(context).submit(tenantId, "FlakyTest", Map.of());
            String deadJob = Commands.bus(context).submit(tenantId, "DeadTest", Map.of());

            awaitStatus(tenantKey, flakyJob, "SUCCEEDED");
            assertEquals("3", field(tenantKey, flakyJob, "attempts"));
            List<Long> started = flaky.startedMillis;
            // Backoff 400 ms then 800 ms, less up to half of each (jitter); the poll may add to it.
            assertTrue("first retry after " + (started.get(1) - started.get(0)) + " ms", started.get(1) - started.get(0) >= 200);
            assertTrue("second retry after " + (started.get(2) - started.get(1)) + " ms", started.get(2) - started.get(1) >= 400);

            awaitStatus(tenantKey, deadJob, "DEAD");
            assertEquals("2", field(tenantKey, deadJob, "attempts"));
            assertTrue(field(tenantKey, deadJob, "lastError").contains("the third party is down"));

            BaseplateApi.Reply retried = api.call("POST", "/api/v1/jobs/" + deadJob + "/retry", tenantKey, null);
            BaseplateApi.expectStatus(retried, 200);
            awaitStatus(tenantKey, deadJob, "DEAD");
            assertEquals("4", field(tenantKey, deadJob, "attempts"));
            BaseplateApi.Reply notDead = api.call("POST", "/api/v1/jobs/" + flakyJob + "/retry", tenantKey, null);
            assertEquals(notDead.toString(), 409, notDead.status());
        } finally {
            flakyRegistration.unregister();
            deadRegistration.unregister();
        }
    }

    @Test
    public void anUnreadablePayloadAndATimeoutEndTheirAttemptsCleanly() throws Exception {
        Tenant tenant = newTenant();
        String tenantKey = tenant.key();
        String tenantId = tenant.id();
        String garbled = Commands.bus(context).submit(CommandRequest.of(tenantId, "GarbledTest", Map.of()).withDelay(Duration.ofSeconds(2)));
        execute("UPDATE JOBS SET PAYLOAD = 'not json at all' WHERE ID = ?", garbled);
        ServiceRegistration<?> garbledRegistration = register("GarbledTest", new RecordingHandler(), Map.of());
        ServiceRegistration<?> slowRegistration = register("SlowTest", new SlowFirstAttemptHandler(),
                Map.of(CommandPolicy.TIMEOUT_SECONDS, 1L, CommandPolicy.BASE_DELAY_MILLIS, 100L));
        try {
            String slow = Commands.bus(context).submit(tenantId, "SlowTest", Map.of());
            awaitStatus(tenantKey, garbled, "DEAD");
            assertTrue(field(tenantKey, garbled, "lastError"), field(tenantKey, garbled, "lastError").contains("payload cannot be read"));
            assertEquals("1", field(tenantKey, garbled, "attempts"));

            awaitStatus(tenantKey, slow, "SUCCEEDED");
            assertEquals("2", field(tenantKey, slow, "attempts"));
            assertEquals("in time", field(tenantKey, slow, "result"));
            Thread.sleep(4_000);
            assertEquals("the first attempt, ending after its timeout, must not overwrite the second's success",
                    "in time", field(tenantKey, slow, "result"));
        } finally {
            garbledRegistration.unregister();
            slowRegistration.unregister();
        }
    }

    @Test
    public void scheduledChainedAndCancelledJobsRunWhenAndIfTheyShould() throws Exception {
        Tenant tenant = newTenant();
        String tenantKey = tenant.key();
        String tenantId = tenant.id();
        RecordingHandler handler = new RecordingHandler();
        ServiceRegistration<?> registration = register("OrderTest", handler, Map.of());
        try {
            Instant runAt = Instant.now().plusSeconds(2);
            String later = Commands.bus(context).submit(CommandRequest.of(tenantId, "OrderTest", Map.of("name", "later")).withRunAt(runAt));
            String first = Commands.bus(context).submit(CommandRequest.of(tenantId, "OrderTest", Map.of("name", "first"))
                    .withDelay(Duration.ofMillis(300)));
            String second = Commands.bus(context).submit(CommandRequest.of(tenantId, "OrderTest", Map.of("name", "second")).after(first));
            String cancelled = Commands.bus(context).submit(CommandRequest.of(tenantId, "OrderTest", Map.of("name", "cancelled"))
                    .withDelay(Duration.ofSeconds(1)));
            String afterCancelled = Commands.bus(context).submit(CommandRequest.of(tenantId, "OrderTest", Map.of("name", "after-cancelled"))
                    .after(cancelled));
            assertEquals("SCHEDULED", field(tenantKey, later, "status"));
            assertEquals("AWAITING_PARENT", field(tenantKey, second, "status"));

            BaseplateApi.Reply cancel = api.call("POST", "/api/v1/jobs/" + cancelled + "/cancel", tenantKey, null);
            BaseplateApi.expectStatus(cancel, 200);
            assertEquals("CANCELLED", field(tenantKey, afterCancelled, "status"));

            awaitStatus(tenantKey, later, "SUCCEEDED");
            assertEquals("SUCCEEDED", field(tenantKey, second, "status"));
            assertEquals(List.of("first", "second", "later"), handler.ran);
            assertTrue("ran before its time", Instant.parse(field(tenantKey, later, "startedAt")).compareTo(runAt) >= 0);
            BaseplateApi.Reply again = api.call("POST", "/api/v1/jobs/" + later + "/cancel", tenantKey, null);
            assertEquals(again.toString(), 409, again.status());
        } finally {
            registration.unregister();
        }
    }

    @Test
    public void aBatchReportsItsProgressAsEvents() throws Exception {
        Tenant tenant = newTenant();
        String tenantKey = tenant.key();
        String tenantId = tenant.id();
        List<Map<String, Object>> progress = new CopyOnWriteArrayList<>();
        ServiceRegistration<EventHandler> listener = context.registerService(EventHandler.class,
                new ProgressRecorder(progress), new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, CommandBus.BATCH_TOPIC)));
        ServiceRegistration<?> registration = register("BatchTest", new RecordingHandler(), Map.of());
        try {
            List<CommandRequest> children = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                children.add(CommandRequest.of(tenantId, "BatchTest", Map.of("name", "child-" + i)));
            }
            String batch = Commands.bus(context).submitBatch(tenantId, "progress test", children);
            awaitCondition("the batch's last event", CHANGE_VISIBLE, () -> progress.stream()
                    .anyMatch(event -> batch.equals(event.get("batchId")) && Long.valueOf(40).equals(event.get("done"))));
            List<Map<String, Object>> ofBatch = progress.stream().filter(event -> batch.equals(event.get("batchId"))).toList();
            assertTrue("progress while it ran, not only at the end: " + ofBatch, ofBatch.size() >= 2);
            BaseplateApi.Reply view = api.get("/api/v1/jobs/batches/" + batch, tenantKey);
            BaseplateApi.expectStatus(view, 200);
            assertEquals(40, view.json().path("succeeded").asInt());
            assertEquals(404, api.get("/api/v1/jobs/batches/" + batch, newTenant().key()).status());
        } finally {
            registration.unregister();
            listener.unregister();
        }
    }

    @Test
    public void jobsOfAnUninstalledHandlerBundleWaitAndRunWhenItReturns() throws Exception {
        String tenantId = newTenant().id();
        Bundle handler = context.installBundle("test:" + HANDLER_BUNDLE, handlerBundle());
        handler.start();
        String probe = Commands.bus(context).submit(tenantId, NoOpJobHandler.TYPE, Map.of());
        awaitCondition("the handler bundle to run a job", CHANGE_VISIBLE, () -> "SUCCEEDED".equals(status(probe)));
        handler.uninstall();

        List<CommandRequest> jobs = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            jobs.add(CommandRequest.of(tenantId, NoOpJobHandler.TYPE, Map.of("n", String.valueOf(i))));
        }
        String batch = Commands.bus(context).submitBatch(tenantId, "waiting for a handler", jobs);
        Thread.sleep(1_500);
        assertEquals(1_000, count("SELECT COUNT(*) FROM JOBS WHERE BATCH_ID = ? AND STATUS = 'WAITING_FOR_HANDLER'", batch));

        Bundle back = context.installBundle("test:" + HANDLER_BUNDLE, handlerBundle());
        try {
            back.start();
            awaitCondition("the 1,000 waiting jobs to run", Duration.ofSeconds(60),
                    () -> count("SELECT COUNT(*) FROM JOBS WHERE BATCH_ID = ? AND STATUS = 'SUCCEEDED'", batch) == 1_000);
            assertEquals(1_000, count("SELECT COUNT(*) FROM JOBS WHERE BATCH_ID = ? AND ATTEMPTS = 1", batch));
        } finally {
            back.uninstall();
        }
    }

    /** Records batch progress events' properties. */
    private static final class ProgressRecorder implements EventHandler {
        private final List<Map<String, Object>> events;

        ProgressRecorder(List<Map<String, Object>> events) {
            this.events = events;
        }

        @Override
        public void handleEvent(Event event) {
            Map<String, Object> properties = new java.util.HashMap<>();
            for (String name : event.getPropertyNames()) {
                Object value = event.getProperty(name);
                properties.put(name, value instanceof Integer number ? Long.valueOf(number) : value);
            }
            events.add(properties);
        }
    }

    private InputStream handlerBundle() {
        String descriptor = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.4.0\" name=\"" + NoOpJobHandler.class.getName() + "\">\n"
                + "  <property name=\"" + CommandHandler.COMMAND_TYPE + "\" value=\"" + NoOpJobHandler.TYPE + "\"/>\n"
                + "  <service><provide interface=\"" + CommandHandler.class.getName() + "\"/></service>\n"
                + "  <implementation class=\"" + NoOpJobHandler.class.getName() + "\"/>\n"
                + "</scr:component>\n";
        return tinyBundles.bundle()
                .setHeader("Bundle-ManifestVersion", "2")
                .setHeader("Bundle-SymbolicName", HANDLER_BUNDLE)
                .setHeader("Bundle-Version", "1.0.0")
                .setHeader("Import-Package", "io.baseplate.api.command;version=\"[1.1,2)\"")
                .setHeader("Service-Component", "OSGI-INF/handler.xml")
                .addClass(NoOpJobHandler.class)
                .addResource("OSGI-INF/handler.xml", new ByteArrayInputStream(descriptor.getBytes(StandardCharsets.UTF_8)))
                .build(tinyBundles.rawBuilder());
    }

    private ServiceRegistration<?> register(String type, Object handler, Map<String, Object> policy) {
        Dictionary<String, Object> properties = new Hashtable<>(policy);
        properties.put(CommandHandler.COMMAND_TYPE, type);
        return context.registerService(CommandHandler.class.getName(), handler, properties);
    }

    private record Tenant(String id, String key) {
    }

    private Tenant newTenant() throws Exception {
        String id = api.newTenant("jobs-" + UUID.randomUUID());
        liftRateLimit(id);
        return new Tenant(id, api.newKey(id));
    }

    private void awaitStatus(String tenantKey, String jobId, String status) throws Exception {
        awaitCondition("job " + jobId + " to be " + status, Duration.ofSeconds(30),
                () -> status.equals(field(tenantKey, jobId, "status")));
    }

    private String field(String tenantKey, String jobId, String name) {
        BaseplateApi.Reply reply = api.get("/api/v1/jobs/" + jobId, tenantKey);
        BaseplateApi.expectStatus(reply, 200);
        return reply.json().path(name).asText();
    }

    private String status(String jobId) throws Exception {
        try (Connection connection = platformData().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT STATUS FROM JOBS WHERE ID = ?")) {
            select.setString(1, jobId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private int count(String sql, String parameter) throws Exception {
        try (Connection connection = platformData().getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private void execute(String sql, String parameter) throws Exception {
        try (Connection connection = platformData().getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, parameter);
            assertEquals(1, update.executeUpdate());
        }
    }

    private DataSource platformData() throws Exception {
        return Optional.ofNullable(context.getServiceReferences(DataSource.class, "(baseplate.datasource=platform)"))
                .filter(references -> references.size() > 0)
                .map(references -> context.getService(references.iterator().next()))
                .orElseThrow(() -> new AssertionError("No platform DataSource"));
    }
}
