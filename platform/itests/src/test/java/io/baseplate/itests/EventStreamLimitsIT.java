package io.baseplate.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.baseplate.api.rest.ProblemTypes;
import io.baseplate.testkit.BaseplateOptions;

/**
 * What {@code /api/v1/events} refuses and what it frees: problems for bad callers, the cap on streams
 * per API key, a {@code HEAD} that answers at once, and a vanished client's stream released. Runs
 * with a 1 s heartbeat, so a vanished client (noticed by the second heartbeat written to it) is
 * released within seconds rather than within twice the default 15 s.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventStreamLimitsIT extends BaseplateTestSupport {

    private static final long HEARTBEAT_MILLIS = 1000;
    /** The default cap of streams per API key. */
    private static final int STREAMS_PER_KEY = 8;
    /** Two heartbeats find a closed connection; the rest is margin for a busy machine. */
    private static final Duration RELEASE_WITHIN = Duration.ofSeconds(5);

    private LiveStreams streams;
    private int port;

    @Before
    public void shortHeartbeat() throws Exception {
        streams = new LiveStreams(context);
        port = Integer.parseInt(context.getProperty(BaseplateOptions.HTTP_PORT));
        if (!streams.configured("heartbeatMillis", HEARTBEAT_MILLIS)) {
            streams.configure(Map.of("heartbeatMillis", HEARTBEAT_MILLIS));
        }
        awaitCondition("the event streams to run with a " + HEARTBEAT_MILLIS + " ms heartbeat", CHANGE_VISIBLE,
                () -> streams.configured("heartbeatMillis", HEARTBEAT_MILLIS));
        String probeKey = newTenantKey();
        awaitCondition("HEAD /api/v1/events to answer 200", CHANGE_VISIBLE,
                () -> api.head("/api/v1/events", probeKey).status() == 200);
    }

    @Test
    public void aStreamWhoseClientVanishedIsReleasedWithinSeconds() throws Exception {
        String tenantId = api.newTenant("it-" + UUID.randomUUID());
        String key = api.newKey(tenantId);
        RawEventStream stream = RawEventStream.open(port, key);
        assertEquals(1, streams.subscriberCount(tenantId));

        stream.close();
        long closedAt = System.nanoTime();
        awaitCondition("the vanished client's stream to be released", RELEASE_WITHIN,
                () -> streams.subscriberCount(tenantId) == 0);
        System.out.printf("[event-streams] a vanished client's stream was released %d ms after it closed its socket "
                + "(heartbeat %d ms)%n", (System.nanoTime() - closedAt) / 1_000_000, HEARTBEAT_MILLIS);
    }

    @Test
    public void aStreamTheServerEndsAlsoEndsItsConnection() throws Exception {
        String tenantId = api.newTenant("it-" + UUID.randomUUID());
        try (RawEventStream stream = RawEventStream.open(port, api.newKey(tenantId))) {
            // A changed configuration restarts the stream service, which ends every open stream while its
            // output is idle: a response completed normally would otherwise leave the connection kept alive.
            streams.configure(Map.of("heartbeatMillis", HEARTBEAT_MILLIS, "reconnectDelayMillis", 1_001L));
            stream.drainUntilClosedByServer(RELEASE_WITHIN);
        }
        awaitCondition("the stream service to be back", RELEASE_WITHIN, () -> streams.subscriberCount(tenantId) == 0);
    }

    @Test
    public void anApiKeyOverItsStreamCapIsAnswered429UntilOneOfItsStreamsCloses() throws Exception {
        String tenantId = api.newTenant("it-" + UUID.randomUUID());
        String key = api.newKey(tenantId);
        List<RawEventStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS_PER_KEY; i++) {
                open.add(RawEventStream.open(port, key));
            }

            BaseplateApi.Reply refused = api.get("/api/v1/events", key);
            assertEquals(refused.toString(), 429, refused.status());
            assertEquals(BaseplateApi.PROBLEM_JSON, refused.contentType());
            assertEquals(429, refused.json().path("status").asInt());
            assertEquals(ProblemTypes.RATE_LIMITED, refused.json().path("type").asText());
            assertTrue("429 without Retry-After", refused.header("Retry-After").isPresent());

            try (RawEventStream otherKeysStream = RawEventStream.open(port, api.newKey(tenantId))) {
                assertEquals("the cap is per key, not per tenant", STREAMS_PER_KEY + 1, streams.subscriberCount(tenantId));
            }

            open.remove(0).close();
            awaitCondition("a slot of the key to free up", RELEASE_WITHIN,
                    () -> streams.subscriberCount(tenantId) == STREAMS_PER_KEY - 1);
            open.add(RawEventStream.open(port, key));
        } finally {
            for (RawEventStream stream : open) {
                stream.close();
            }
        }
    }

    @Test
    public void headAnswersAtOnceWithoutOpeningAStream() throws Exception {
        String tenantId = api.newTenant("it-" + UUID.randomUUID());
        String key = api.newKey(tenantId);

        long start = System.nanoTime();
        BaseplateApi.Reply head = api.head("/api/v1/events", key);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(head.toString(), 200, head.status());
        assertThat(head.contentType(), startsWith("text/event-stream"));
        assertEquals("", head.body());
        assertTrue("HEAD took " + millis + " ms", millis < 1000);
        assertEquals(0, streams.subscriberCount(tenantId));
    }

    @Test
    public void callersWithoutATenantKeyGetProblems() {
        BaseplateApi.Reply missing = api.get("/api/v1/events", null);
        assertProblem(missing, 401);
        assertEquals("X-Api-Key", missing.header("WWW-Authenticate").orElse(""));
        assertThat(missing.json().path("detail").asText(), containsString("X-Api-Key"));

        BaseplateApi.Reply unknown = api.get("/api/v1/events", "bp_not-a-key");
        assertProblem(unknown, 401);
        assertEquals("X-Api-Key", unknown.header("WWW-Authenticate").orElse(""));

        assertProblem(api.get("/api/v1/events", context.getProperty(BaseplateOptions.ADMIN_KEY)), 403);

        BaseplateApi.Reply post = api.post("/api/v1/events", newTenantKey(), "{}");
        assertProblem(post, 405);
        assertEquals("GET, HEAD", post.header("Allow").orElse(""));
    }

    private static void assertProblem(BaseplateApi.Reply reply, int status) {
        assertEquals(reply.toString(), status, reply.status());
        assertEquals(reply.toString(), BaseplateApi.PROBLEM_JSON, reply.contentType());
        assertEquals(reply.toString(), ProblemTypes.forStatus(status), reply.json().path("type").asText());
        assertEquals(reply.toString(), status, reply.json().path("status").asInt());
        assertTrue(reply.toString(), reply.json().path("title").isTextual());
        assertTrue(reply.toString(), reply.json().path("detail").isTextual());
    }
}
