package io.baseplate.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.baseplate.api.event.PlatformEvents;
import io.baseplate.api.outbox.EventFollower;
import io.baseplate.api.outbox.Outbox;
import io.baseplate.core.testing.TestDatabase;

/** The relay with a real outbox table, an Event Admin whose observers can be held, and followers. */
class OutboxRelayTest {

    private static final long WAIT_SECONDS = 10;

    private TestDatabase database;
    private OutboxRelay relay;
    /** Released to let Event Admin's observers return. */
    private final CountDownLatch observersReturn = new CountDownLatch(1);
    private final BlockingQueue<Event> observed = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        database = TestDatabase.inMemory();
        EventAdmin slowObservers = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                throw new AssertionError("the relay sends from its observer queue, it does not post");
            }

            @Override
            public void sendEvent(Event event) {
                try {
                    observersReturn.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                observed.add(event);
            }
        };
        relay = new OutboxRelay(database.dataSource(), slowObservers, new JobQueue(database.dataSource(), null));
    }

    @AfterEach
    void tearDown() throws Exception {
        observersReturn.countDown();
        relay.deactivate();
        database.close();
    }

    @Test
    void followersGetEachCommittedEventInOrderWhileEventAdminsObserversAreHeld() throws Exception {
        BlockingQueue<String> followed = new LinkedBlockingQueue<>();
        List<Boolean> deliveredWhenFollowed = new CopyOnWriteArrayList<>();
        relay.addFollower((tenantId, event) -> {
            throw new IllegalStateException("a follower that always fails");
        });
        EventFollower streams = (tenantId, event) -> {
            deliveredWhenFollowed.add(isDelivered(event.seq()));
            assertEquals(tenantId, event.properties().get(PlatformEvents.TENANT_ID));
            assertEquals(event.eventId(), event.properties().get(Outbox.EVENT_ID));
            assertEquals(event.seq(), event.properties().get(Outbox.EVENT_SEQ));
            followed.add(tenantId + " " + event.topic() + " " + event.properties().get("n"));
        };
        relay.addFollower(streams);
        relay.activate(config());

        publish("acme", "baseplate/payment/PENDING", 1);
        publish("globex", "baseplate/payment/PENDING", 2);
        publish("acme", "baseplate/payment/CAPTURED", 3);
        relay.wake();

        assertEquals(List.of("acme baseplate/payment/PENDING 1", "globex baseplate/payment/PENDING 2",
                "acme baseplate/payment/CAPTURED 3"), take(followed, 3),
                "every event, in position order, past the follower that throws, while the observers hold the first");
        assertEquals(List.of(true, true, true), deliveredWhenFollowed, "followed once its delivery is committed");
        assertTrue(observed.isEmpty(), "the observers still hold the first event");

        publish("acme", "baseplate/payment/REFUNDED", 4);
        relay.wake();
        assertEquals(List.of("acme baseplate/payment/REFUNDED 4"), take(followed, 1), "the relay goes on meanwhile");

        observersReturn.countDown();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Event event = observed.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(event, "observers got only " + sent);
            sent.add(event.getTopic() + " " + event.getProperty("n"));
        }
        assertEquals(List.of("baseplate/payment/PENDING 1", "baseplate/payment/PENDING 2", "baseplate/payment/CAPTURED 3",
                "baseplate/payment/REFUNDED 4"), sent, "the observers get them too, in order, once they return");
        assertEquals(null, followed.poll(300, TimeUnit.MILLISECONDS), "and no follower gets one twice");
    }

    @Test
    void aFollowerRemovedIsNotCalledAgain() throws Exception {
        BlockingQueue<String> followed = new LinkedBlockingQueue<>();
        EventFollower follower = (tenantId, event) -> followed.add(event.topic());
        relay.addFollower(follower);
        relay.activate(config());
        publish("acme", "baseplate/payment/PENDING", 1);
        relay.wake();
        assertEquals(List.of("baseplate/payment/PENDING"), take(followed, 1));

        relay.removeFollower(follower);
        publish("acme", "baseplate/payment/CAPTURED", 2);
        relay.wake();
        awaitDelivered(2);
        assertEquals(null, followed.poll(300, TimeUnit.MILLISECONDS));
    }

    private void publish(String tenantId, String topic, int n) throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            OutboxRows.insert(connection, tenantId, topic, "source-" + n, Map.of("n", n));
        }
    }

    private boolean isDelivered(long seq) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT DELIVERED_AT FROM OUTBOX_EVENTS WHERE SEQ = ?")) {
            select.setLong(1, seq);
            try (ResultSet row = select.executeQuery()) {
                return row.next() && row.getTimestamp(1) != null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitDelivered(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            try (Connection connection = database.dataSource().getConnection();
                 PreparedStatement select = connection.prepareStatement(
                         "SELECT COUNT(*) FROM OUTBOX_EVENTS WHERE DELIVERED_AT IS NOT NULL");
                 ResultSet row = select.executeQuery()) {
                row.next();
                if (row.getInt(1) >= count) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("fewer than " + count + " events delivered within " + WAIT_SECONDS + " s");
    }

    private static List<String> take(BlockingQueue<String> queue, int count) throws InterruptedException {
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String item = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (item == null) {
                break;
            }
            taken.add(item);
        }
        return taken;
    }

    private static OutboxRelay.Config config() {
        return new OutboxRelay.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return OutboxRelay.Config.class;
            }

            @Override
            public long pollMillis() {
                return 50;
            }

            @Override
            public long batchMillis() {
                return 0;
            }

            @Override
            public long retentionHours() {
                return 24;
            }

            @Override
            public long gapWaitMillis() {
                return 100;
            }

            @Override
            public long leaseSeconds() {
                return 15;
            }

            @Override
            public int observerQueueCapacity() {
                return 100;
            }
        };
    }
}
