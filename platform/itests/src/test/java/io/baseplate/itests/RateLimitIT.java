package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.baseplate.api.payment.SandboxProcessor;
import io.baseplate.api.rest.ProblemTypes;

/**
 * Issue 8, acceptance 4: with a tenant's limit at 10 requests/s, a burst of 50 payments gets 429s with
 * {@code Retry-After} beyond what the bucket allows, other tenants keep their own limit, and the tenant's
 * traffic is served again once it waits as told.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RateLimitIT extends BaseplateTestSupport {

    private static final String PID = "io.baseplate.ratelimit";
    private static final int LIMIT_PER_SECOND = 10;
    private static final int BURST = 50;

    @Inject
    private ConfigurationAdmin configurations;

    @After
    public void restoreTheDefaultLimits() throws Exception {
        configurations.getConfiguration(PID, "?").delete();
    }

    @Test
    public void aBurstOverTheTenantsLimitIsRefusedUntilItWaits() throws Exception {
        String tenant = api.newTenant("limited-" + UUID.randomUUID());
        String limitedKey = api.newKey(tenant);
        String otherKey = api.newTenantKey("unlimited-" + UUID.randomUUID());
        Dictionary<String, Object> limits = new Hashtable<>();
        limits.put("tenant." + tenant + ".permitsPerSecond", String.valueOf(LIMIT_PER_SECOND));
        configurations.getConfiguration(PID, "?").update(limits);
        awaitCondition("the tenant's limit to apply", CHANGE_VISIBLE, () -> burst(limitedKey, 20).stream().anyMatch(r -> r.status() == 429));
        Thread.sleep(1_100); // the bucket refills to its burst of 10

        long started = System.nanoTime();
        List<BaseplateApi.Reply> replies = burst(limitedKey, BURST);
        double seconds = (System.nanoTime() - started) / 1e9;
        long created = replies.stream().filter(reply -> reply.status() == 201).count();
        List<BaseplateApi.Reply> refused = replies.stream().filter(reply -> reply.status() == 429).toList();
        assertEquals("every payment is either created or refused for the rate: " + replies, BURST, created + refused.size());
        long allowed = LIMIT_PER_SECOND + (long) Math.ceil(seconds * LIMIT_PER_SECOND);
        assertTrue(created + " created in " + seconds + " s; the bucket allows at most " + allowed, created <= allowed);
        assertTrue("a burst of " + BURST + " at " + LIMIT_PER_SECOND + "/s is refused in part", refused.size() >= BURST - allowed);
        long retryAfter = 0;
        for (BaseplateApi.Reply reply : refused) {
            assertEquals(ProblemTypes.RATE_LIMITED, reply.json().path("type").asText());
            retryAfter = Math.max(retryAfter, Long.parseLong(reply.header("Retry-After").orElseThrow()));
        }
        assertTrue("Retry-After is whole seconds, at least 1: " + retryAfter, retryAfter >= 1);

        assertEquals("another tenant keeps the default limit", 201, pay(otherKey, "INR").status());
        Thread.sleep(retryAfter * 1_000);
        for (int i = 0; i < LIMIT_PER_SECOND / 2; i++) {
            assertEquals("normal traffic is served after the wait", 201, pay(limitedKey, "INR").status());
        }
    }

    private List<BaseplateApi.Reply> burst(String apiKey, int payments) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(10);
        try {
            List<Future<BaseplateApi.Reply>> sent = new ArrayList<>();
            for (int i = 0; i < payments; i++) {
                sent.add(clients.submit(() -> api.pay(apiKey, UUID.randomUUID().toString(), 100, "INR", SandboxProcessor.APPROVE)));
            }
            List<BaseplateApi.Reply> replies = new ArrayList<>();
            for (Future<BaseplateApi.Reply> reply : sent) {
                replies.add(reply.get());
            }
            return replies;
        } finally {
            clients.shutdown();
        }
    }
}
