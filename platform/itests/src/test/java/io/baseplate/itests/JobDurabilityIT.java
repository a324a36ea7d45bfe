package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;


import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import io.baseplate.api.command.Command;
import io.baseplate.api.command.CommandBus;
import io.baseplate.api.command.CommandHandler;

/**
 * A command outlives its worker going down under it: stopping the jobs bundle does not wait for the
 * shutdown grace, and a job still running then goes back to the queue and runs again, to success,
 * when the bundle comes back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JobDurabilityIT extends BaseplateTestSupport {

    private static final String TYPE = "DurabilityTest";
    private static final String JOBS_BUNDLE = "io.baseplate.jobs";
    private static final long GRACE_SECONDS = 3;

    /** Blocks its first attempt until released; later attempts succeed at once. */
    private static final class StuckOnceHandler implements CommandHandler {
        final CountDownLatch firstAttemptRunning = new CountDownLatch(1);
        final CountDownLatch releaseFirstAttempt = new CountDownLatch(1);
        final List<Integer> attempts = new CopyOnWriteArrayList<>();

        @Override
        public String execute(Command command) throws InterruptedException {
            attempts.add(command.attempt());
            if (command.attempt() == 1) {
                firstAttemptRunning.countDown();
                releaseFirstAttempt.await(60, TimeUnit.SECONDS);
                return "first attempt, finished late";
            }
            return "attempt " + command.attempt() + " for " + command.payload().get("order");
        }
    }

    @Test
    public void aJobRunningWhenItsBundleStopsIsRequeuedAndCompletesAfterRestart() throws Exception {
        configureJobWorker("shutdownGraceSeconds", GRACE_SECONDS);
        String tenantId = api.newTenant("durability-" + System.nanoTime());
        String tenantKey = api.newKey(tenantId);
        StuckOnceHandler handler = new StuckOnceHandler();
        Dictionary<String, Object> properties = new Hashtable<>(Map.of(CommandHandler.COMMAND_TYPE, TYPE));
        ServiceRegistration<CommandHandler> registration = context.registerService(CommandHandler.class, handler, properties);
        try {
            String jobId = service(CommandBus.class).submit(tenantId, TYPE, Map.of("order", "o-42"));
            assertTrue("the first attempt never started", handler.firstAttemptRunning.await(CHANGE_VISIBLE.toSeconds(), TimeUnit.SECONDS));

            Bundle jobs = bundle(JOBS_BUNDLE);
            long stopping = System.nanoTime();
            jobs.stop();
            long stopMillis = (System.nanoTime() - stopping) / 1_000_000;
            assertTrue("stopping the jobs bundle waited " + stopMillis + " ms: the grace period must run elsewhere",
                    stopMillis < GRACE_SECONDS * 1000 / 2);
            jobs.start();
            awaitCondition("GET /health to answer 200 after the jobs bundle restarted", PLATFORM_READY, () -> api.healthStatus() == 200);

            // The REST whiteboard re-adds the jobs resource asynchronously: until then the path is 404.
            awaitCondition("job " + jobId + " to succeed", CHANGE_VISIBLE, () -> {
                BaseplateApi.Reply reply = api.get("/api/v1/jobs/" + jobId, tenantKey);
                return reply.status() == 200 && "SUCCEEDED".equals(reply.json().path("status").asText());
            });
            assertEquals("2", jobField(tenantKey, jobId, "attempts"));
            assertEquals("attempt 2 for o-42", jobField(tenantKey, jobId, "result"));
            assertEquals(List.of(1, 2), handler.attempts);
        } finally {
            handler.releaseFirstAttempt.countDown();
            registration.unregister();
        }
    }

    /** Sets the worker's grace to {@value #GRACE_SECONDS} s and waits until the worker runs with it. */
    /** One field of {@code GET /api/v1/jobs/{id}}, as text (Jackson types stay out of signatures: JUnit reflects them outside the container). */
    private String jobField(String tenantKey, String jobId, String field) {
        BaseplateApi.Reply reply = api.get("/api/v1/jobs/" + jobId, tenantKey);
        BaseplateApi.expectStatus(reply, 200);
        return reply.json().path(field).asText();
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("No bundle " + symbolicName);
    }

    private <T> T service(Class<T> type) {
        return Optional.ofNullable(context.getServiceReference(type)).map(context::getService)
                .orElseThrow(() -> new AssertionError("No " + type.getSimpleName() + " service"));
    }

}
