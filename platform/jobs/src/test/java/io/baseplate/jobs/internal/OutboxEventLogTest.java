package io.baseplate.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.baseplate.api.event.PlatformEvents;
import io.baseplate.api.outbox.EventLog;
import io.baseplate.api.outbox.Outbox;
import io.baseplate.core.testing.TestDatabase;

class OutboxEventLogTest {

    private TestDatabase database;
    private OutboxEventLog log;

    @BeforeEach
    void setUp() throws Exception {
        database = TestDatabase.inMemory();
        log = new OutboxEventLog(database.dataSource());
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void readsOneTenantsEventsAfterAPositionOldestFirstWithTheirDeliveredProperties() throws Exception {
        String first = publish("acme", "baseplate/payment/PENDING", "p1");
        publish("globex", "baseplate/payment/PENDING", "p2");
        String third = publish("acme", "baseplate/payment/CAPTURED", "p1");

        EventLog.Slice all = log.after("acme", 0, 10);
        assertEquals(List.of(first, third), all.events().stream().map(EventLog.LoggedEvent::eventId).toList());
        assertFalse(all.more());
        EventLog.LoggedEvent captured = all.events().get(1);
        assertEquals("baseplate/payment/CAPTURED", captured.topic());
        assertEquals("p1", captured.sourceId());
        assertTrue(captured.seq() > all.events().get(0).seq());
        assertEquals(Map.of("amount", 100L, PlatformEvents.TENANT_ID, "acme", Outbox.EVENT_ID, third,
                Outbox.EVENT_SEQ, captured.seq(), Outbox.SOURCE_ID, "p1"), captured.properties());
        assertEquals(all.events().get(0).seq(), all.firstSeq());
        assertEquals(captured.seq(), all.lastSeq());

        EventLog.Slice after = log.after("acme", all.events().get(0).seq(), 10);
        assertEquals(List.of(third), after.events().stream().map(EventLog.LoggedEvent::eventId).toList());
        assertTrue(log.after("acme", captured.seq(), 10).events().isEmpty());
        assertTrue(log.after("initech", 0, 10).events().isEmpty(), "a tenant without events reads none");
    }

    @Test
    void saysWhenMoreThanTheLimitFollows() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(publish("acme", "baseplate/payment/PENDING", "p" + i));
        }
        EventLog.Slice page = log.after("acme", 0, 3);
        assertEquals(ids.subList(0, 3), page.events().stream().map(EventLog.LoggedEvent::eventId).toList());
        assertTrue(page.more());
        EventLog.Slice rest = log.after("acme", page.events().get(2).seq(), 3);
        assertEquals(ids.subList(3, 5), rest.events().stream().map(EventLog.LoggedEvent::eventId).toList());
        assertFalse(rest.more());
        assertThrows(IllegalArgumentException.class, () -> log.after("acme", 0, 0));
    }

    @Test
    void anEmptyLogHasNoBoundsAndRemovedEventsRaiseTheFirstPosition() throws Exception {
        EventLog.Slice empty = log.after("acme", 0, 10);
        assertEquals(0, empty.firstSeq());
        assertEquals(0, empty.lastSeq());

        publish("acme", "baseplate/payment/PENDING", "p1");
        publish("acme", "baseplate/payment/PENDING", "p2");
        long firstSeq = log.after("acme", 0, 10).firstSeq();
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM OUTBOX_EVENTS WHERE SEQ = ?")) {
            delete.setLong(1, firstSeq);
            delete.executeUpdate();
        }
        assertEquals(firstSeq + 1, log.after("acme", 0, 10).firstSeq());
    }

    private String publish(String tenantId, String topic, String sourceId) throws Exception {
        try (Connection connection = database.dataSource().getConnection()) {
            return OutboxRows.insert(connection, tenantId, topic, sourceId, Map.of("amount", 100));
        }
    }
}
