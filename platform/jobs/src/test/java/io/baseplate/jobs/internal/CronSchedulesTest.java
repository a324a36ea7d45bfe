package io.baseplate.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.baseplate.core.testing.TestDatabase;

/** Cron ticks in a time zone, and each tick fired once however many nodes look for it. */
class CronSchedulesTest {

    private static final Instant NOON_UTC = Instant.parse("2026-06-01T12:00:00Z");

    private TestDatabase database;
    private JobQueue queue;

    @BeforeEach
    void setUp() throws Exception {
        database = TestDatabase.inMemory();
        queue = new JobQueue(database.dataSource(), database.persistence(JobEntity.class));
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void ticksAreReadInTheSchedulesTimeZone() {
        assertEquals(Instant.parse("2026-06-02T03:30:00Z"), CronSchedules.nextTick("0 9 * * *", ZoneId.of("Asia/Kolkata"), NOON_UTC));
        assertEquals(Instant.parse("2026-06-02T09:00:00Z"), CronSchedules.nextTick("0 9 * * *", ZoneId.of("UTC"), NOON_UTC));
        assertEquals(Instant.parse("2026-06-01T12:00:15Z"), CronSchedules.nextTick("*/15 * * * * *", ZoneId.of("UTC"), NOON_UTC),
                "six fields: seconds first");
        // Central Europe leaves summer time on 25 October 2026: 09:00 is 07:00Z before and 08:00Z after.
        assertEquals(Instant.parse("2026-10-26T08:00:00Z"),
                CronSchedules.nextTick("0 9 * * *", ZoneId.of("Europe/Berlin"), Instant.parse("2026-10-25T12:00:00Z")));
    }

    @Test
    void anExpressionThatCannotBeParsedIsRefusedWithWhatIsExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> queue.schedule("acme", "nightly", "every night", ZoneId.of("UTC"), "Report", Map.of()));
        assertTrue(e.getMessage().contains("five fields"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CronSchedules.nextTick("61 * * * *", ZoneId.of("UTC"), NOON_UTC));
    }

    @Test
    void aTickIsFiredOnceWhenTwoNodesLookForItAtTheSameMoment() throws Exception {
        queue.schedule("acme", "heartbeat", "* * * * *", ZoneId.of("UTC"), "Report", Map.of("k", "v"));
        makeDue();
        JobStore nodeA = new JobStore(database.dataSource());
        JobStore nodeB = new JobStore(database.dataSource());
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> fired = new ArrayList<>();
            for (JobStore node : List.of(nodeA, nodeB)) {
                Callable<Integer> look = () -> {
                    together.await();
                    return CronSchedules.fireDue(node, type -> true);
                };
                fired.add(nodes.submit(look));
            }
            assertEquals(1, fired.get(0).get() + fired.get(1).get());
        } finally {
            nodes.shutdown();
        }
        assertEquals(1, jobs());
        assertEquals(0, CronSchedules.fireDue(nodeA, type -> true), "the next tick is not due yet");
        assertTrue(nextFireAt().isAfter(Instant.now()));
    }

    @Test
    void ticksMissedWhileNoNodeRanCollapseIntoOneJob() throws Exception {
        queue.schedule("acme", "every-minute", "* * * * *", ZoneId.of("UTC"), "Report", Map.of());
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE JOB_SCHEDULES SET NEXT_FIRE_AT = ?")) {
            update.setTimestamp(1, Timestamp.from(Instant.now().minusSeconds(3_600)));
            update.executeUpdate();
        }
        assertEquals(1, CronSchedules.fireDue(queue.store(), type -> true));
        assertEquals(1, jobs());
    }

    @Test
    void schedulingANameAgainReplacesItAndUnschedulingRemovesIt() throws Exception {
        queue.schedule("acme", "nightly", "0 2 * * *", ZoneId.of("UTC"), "Report", Map.of());
        queue.schedule("acme", "nightly", "0 3 * * *", ZoneId.of("UTC"), "Report", Map.of());
        queue.schedule("globex", "nightly", "0 3 * * *", ZoneId.of("UTC"), "Report", Map.of());
        assertEquals(2, count("SELECT COUNT(*) FROM JOB_SCHEDULES"));
        assertTrue(queue.unschedule("acme", "nightly"));
        assertFalse(queue.unschedule("acme", "nightly"));
        assertEquals(1, count("SELECT COUNT(*) FROM JOB_SCHEDULES"));
    }

    private void makeDue() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE JOB_SCHEDULES SET NEXT_FIRE_AT = ?")) {
            update.setTimestamp(1, Timestamp.from(Instant.now().minusMillis(10)));
            update.executeUpdate();
        }
    }

    private Instant nextFireAt() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT NEXT_FIRE_AT FROM JOB_SCHEDULES");
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getTimestamp(1).toInstant();
        }
    }

    private int jobs() throws SQLException {
        return count("SELECT COUNT(*) FROM JOBS");
    }

    private int count(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(sql);
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }
}
