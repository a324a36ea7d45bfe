package io.baseplate.jobs.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.outbox.EventLog;

/**
 * The event log over OUTBOX_EVENTS, read in plain SQL like the relay writes it: a tenant's events by
 * IX_OUTBOX_EVENTS_TENANT (TENANT_ID, SEQ), the bounds by the primary key. Reads only committed rows;
 * the relay's retention clean-up is what bounds the window.
 */
@Component(service = EventLog.class)
public class OutboxEventLog implements EventLog {

    private final DataSource dataSource;

    @Activate
    public OutboxEventLog(@Reference(target = "(baseplate.datasource=platform)") DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Slice after(String tenantId, long afterSeq, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        try (Connection connection = dataSource.getConnection()) {
            List<LoggedEvent> events = new ArrayList<>();
            boolean more = false;
            // ORDER BY with the index's both columns: H2 then reads the index in order and stops at the limit;
            // ordered by SEQ alone it reads every event of the tenant after the position and sorts them.
            try (PreparedStatement select = connection.prepareStatement("SELECT SEQ, ID, TOPIC, SOURCE_ID, PROPERTIES "
                    + "FROM OUTBOX_EVENTS WHERE TENANT_ID = ? AND SEQ > ? ORDER BY TENANT_ID, SEQ LIMIT ?")) {
                select.setString(1, tenantId);
                select.setLong(2, afterSeq);
                // One more than asked tells whether there is more.
                select.setInt(3, limit + 1);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        if (events.size() == limit) {
                            more = true;
                            break;
                        }
                        long seq = rows.getLong(1);
                        String id = rows.getString(2);
                        String sourceId = rows.getString(4);
                        events.add(new LoggedEvent(rows.getString(3), seq, id, sourceId,
                                OutboxRows.deliveredProperties(seq, id, tenantId, sourceId, rows.getString(5))));
                    }
                }
            }
            try (PreparedStatement bounds = connection.prepareStatement("SELECT MIN(SEQ), MAX(SEQ) FROM OUTBOX_EVENTS");
                 ResultSet row = bounds.executeQuery()) {
                row.next();
                return new Slice(events, more, row.getLong(1), row.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the event log failed", e);
        }
    }
}
