package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static io.baseplate.itests.AuditEntries.walk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;


import io.baseplate.api.security.SecurityEvents;
import io.baseplate.itests.AuditEntries.Entry;

/**
 * The audit trail: one entry per attempt on a protected route, allowed or refused, read back through
 * {@code GET /api/v1/audit} with filters and cursor paging. The graceful-stop half of the acceptance
 * (requests in flight while the platform stops) is tools/audit-shutdown-test.py, which stops and
 * restarts the real distribution.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuditTrailIT extends BaseplateTestSupport {

    private static final String AUDIT = AuditEntries.AUDIT;
    private static final String GATEWAYS = "/api/v1/gateways";
    private static final String TENANTS = "/api/v1/tenants";
    private static final String EVENTS = "/api/v1/events";
    private static final int BURST = 1_000;
    private static final int CLIENTS = 8;
    /** Entries are written in the background within milliseconds; the margin covers a busy machine. */
    private static final Duration WRITTEN = Duration.ofSeconds(30);

    /** One request of the burst: what was sent and the route template its entry must name. */
    private record Attempt(String method, String path, String route, String key) {
    }

    @Test
    public void aBurstOfMixedRequestsLeavesExactlyOneEntryPerRequest() throws Exception {
        String tenantA = api.newTenant("audit-a-" + UUID.randomUUID());
        String keyA = api.newKey(tenantA);
        String tenantB = api.newTenant("audit-b-" + UUID.randomUUID());
        String keyB = api.newKey(tenantB);
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            attempts.add(switch (i % 8) {
                case 0, 1 -> new Attempt("GET", GATEWAYS, GATEWAYS, keyA);                       // 200
                case 2 -> new Attempt("GET", GATEWAYS, GATEWAYS, keyB);                          // 200
                case 3 -> new Attempt("GET", GATEWAYS, GATEWAYS, null);                          // 401
                case 4 -> new Attempt("GET", GATEWAYS, GATEWAYS, "bp_" + UUID.randomUUID());     // 401
                case 5 -> new Attempt("POST", TENANTS, TENANTS, keyA);                           // 403
                case 6 -> new Attempt("HEAD", EVENTS, EVENTS, keyB);                             // 200, the event stream servlet
                default -> new Attempt("TRACE", GATEWAYS + "/x" + i, GATEWAYS + "/x" + i, keyA); // 405 from the gate
            });
        }

        Instant start = Instant.now();
        Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> sentByA = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Attempt attempt : attempts) {
                done.add(clients.submit(() -> {
                    int status = ("POST".equals(attempt.method())
                            ? api.post(attempt.path(), attempt.key(), "{}")
                            : api.call(attempt.method(), attempt.path(), attempt.key(), null)).status();
                    String outcome = attempt.method() + " " + attempt.route() + " " + status;
                    sent.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                    // The gate's own refusals (TRACE) authenticate no one: their entries name no tenant.
                    if (keyA.equals(attempt.key()) && !"TRACE".equals(attempt.method())) {
                        sentByA.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                    }
                }));
            }
            for (Future<?> request : done) {
                request.get();
            }
        } finally {
            clients.shutdownNow();
        }
        Instant end = Instant.now();
        assertEquals(sent.toString(), BURST / 8 * 3, count(sent, "GET " + GATEWAYS + " 200"));
        assertEquals(sent.toString(), BURST / 8 * 2, count(sent, "GET " + GATEWAYS + " 401"));
        assertEquals(sent.toString(), BURST / 8, count(sent, "POST " + TENANTS + " 403"));
        assertEquals(sent.toString(), BURST / 8, count(sent, "HEAD " + EVENTS + " 200"));

        String window = "from=" + AuditEntries.encode(start.toString()) + "&to=" + AuditEntries.encode(end.plusMillis(1).toString());
        awaitCondition("the burst's " + BURST + " audit entries", WRITTEN,
                () -> walk(api, api.adminKey(), window, 500).size() >= BURST);
        List<Entry> all = walk(api, api.adminKey(), window, 500);
        assertEquals("entries written for the burst", BURST, all.size());
        assertEquals(tally(sent), AuditEntries.outcomes(all));
        Set<String> ids = new HashSet<>();
        for (Entry entry : all) {
            ids.add(entry.id());
        }
        assertEquals("distinct ids", BURST, ids.size());
        for (Entry entry : all) {
            assertTrue(entry.toString(), entry.latencyMicros() >= 0);
            assertNotNull(entry.toString(), entry.client());
            if (entry.status() == 200 && entry.route().equals(GATEWAYS)) {
                assertTrue(entry.toString(), tenantA.equals(entry.tenantId()) || tenantB.equals(entry.tenantId()));
                assertNotNull(entry.toString(), entry.keyPrefix());
            }
        }

        // A smaller page size walks the same entries, newest first, without repeating one.
        List<Entry> paged = walk(api, api.adminKey(), window, 37);
        assertEquals(BURST, paged.size());
        Set<String> pagedIds = new HashSet<>();
        Instant previous = Instant.MAX;
        for (Entry entry : paged) {
            assertTrue("repeated " + entry, pagedIds.add(entry.id()));
            assertTrue("newest first", !entry.at().isAfter(previous));
            previous = entry.at();
        }

        // Tenant A's admin sees its own entries, and only those.
        List<Entry> ownA = walk(api, keyA, window, 500);
        assertEquals(tally(sentByA), AuditEntries.outcomes(ownA));
        for (Entry entry : ownA) {
            assertEquals(entry.toString(), tenantA, entry.tenantId());
        }
        BaseplateApi.Reply others = api.get(AUDIT + "?tenantId=" + tenantB, keyA);
        assertEquals(others.toString(), 403, others.status());

        // The platform admin filters by tenant, status and route.
        assertEquals(BURST / 8, walk(api, api.adminKey(), window + "&tenantId=" + tenantB + "&route=" + AuditEntries.encode(EVENTS), 500).size());
        assertEquals(BURST / 8 * 2, walk(api, api.adminKey(), window + "&status=401", 500).size());
        assertEquals(BURST / 8, walk(api, api.adminKey(), window + "&method=POST&status=403", 500).size());
    }

    /** An event stream is audited once it is open (at its dispatch's return), not when it ends. */
    @Test
    public void anOpenEventStreamIsAuditedWhileItIsStillOpen() throws Exception {
        String tenant = api.newTenant("audit-sse-" + UUID.randomUUID());
        String key = api.newKey(tenant);
        String query = "tenantId=" + tenant + "&route=" + AuditEntries.encode(EVENTS) + "&method=GET";
        try (EventStream stream = api.events(key, null)) {
            awaitCondition("the open stream's entry", WRITTEN, () -> walk(api, api.adminKey(), query, 50).size() == 1);
            Entry entry = walk(api, api.adminKey(), query, 50).get(0);
            assertEquals(200, entry.status());
            assertNotNull(entry.keyPrefix());
        }
        BaseplateApi.Reply refused = api.get(EVENTS, null);
        assertEquals(refused.toString(), 401, refused.status());
        awaitCondition("the refused stream's entry", WRITTEN, () -> walk(api, api.adminKey(),
                "route=" + AuditEntries.encode(EVENTS) + "&status=401", 50).size() == 1);
    }

    @Test
    public void badParametersAreProblemsAndRefusedAttemptsOnASensitiveRoutePostAnEvent() throws Exception {
        for (String query : List.of("limit=0", "limit=501", "limit=x", "from=yesterday", "status=99", "method=get",
                "cursor=not-a-cursor")) {
            BaseplateApi.Reply reply = api.get(AUDIT + "?" + query, api.adminKey());
            assertEquals(query + ": " + reply, 400, reply.status());
            assertEquals(reply.toString(), BaseplateApi.PROBLEM_JSON, reply.contentType());
        }
        BaseplateApi.Reply unauthenticated = api.get(AUDIT, null);
        assertEquals(unauthenticated.toString(), 401, unauthenticated.status());

        // Payments are @Sensitive: a refused attempt there also posts ACCESS_DENIED.
        List<Event> denied = new ArrayList<>();
        CountDownLatch posted = new CountDownLatch(1);
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, event -> {
            synchronized (denied) {
                denied.add(event);
            }
            posted.countDown();
        }, new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, SecurityEvents.ACCESS_DENIED)));
        try {
            BaseplateApi.Reply refused = api.post("/api/v1/payments", null, "{}");
            assertEquals(refused.toString(), 401, refused.status());
            assertTrue("ACCESS_DENIED posted", posted.await(WRITTEN.toSeconds(), TimeUnit.SECONDS));
            Event event;
            synchronized (denied) {
                event = denied.get(0);
            }
            assertEquals(401, event.getProperty(SecurityEvents.STATUS));
            assertEquals("POST", event.getProperty(SecurityEvents.METHOD));
            assertEquals("/api/v1/payments", event.getProperty(SecurityEvents.ROUTE));
            assertNotNull(event.getProperty(SecurityEvents.CLIENT));
        } finally {
            handler.unregister();
        }
    }

    private static Map<String, Integer> tally(Map<String, AtomicInteger> sent) {
        Map<String, Integer> tally = new TreeMap<>();
        sent.forEach((outcome, count) -> tally.put(outcome, count.get()));
        return tally;
    }

    private static int count(Map<String, AtomicInteger> sent, String outcome) {
        AtomicInteger count = sent.get(outcome);
        return count == null ? 0 : count.get();
    }
}
