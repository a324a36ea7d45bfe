package io.baseplate.jobs.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.persistence.Persistence;

/**
 * Recurring schedules in JOB_SCHEDULES. Every node looks for due schedules each second; the node that
 * moves a schedule's NEXT_FIRE_AT from the tick it read to the next one (a compare-and-set) submits
 * that tick's job in the same transaction, with the tick as its dedupe key, so a tick runs once
 * whatever the number of nodes.
 */
final class CronSchedules {

    private static final CronParser FIVE_FIELDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser SIX_FIELDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

    private record Due(String id, String tenantId, String cron, String zone, String type, String payload, Timestamp tick) {
    }

    private CronSchedules() {
    }

    /**
     * The first tick of the expression strictly after {@code after}, in the zone.
     *
     * @throws IllegalArgumentException for an expression that cannot be parsed, or one that never fires
     */
    static Instant nextTick(String cron, ZoneId zone, Instant after) {
        ExecutionTime execution;
        try {
            String trimmed = cron.trim();
            CronParser parser = trimmed.split("\\s+").length == 6 ? SIX_FIELDS : FIVE_FIELDS;
            execution = ExecutionTime.forCron(parser.parse(trimmed));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + cron + "' is not a cron expression of five fields (minute hour "
                    + "day-of-month month day-of-week) or six (seconds first): " + e.getMessage(), e);
        }
        return execution.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant)
                .orElseThrow(() -> new IllegalArgumentException("'" + cron + "' never fires"));
    }

    /** Creates or replaces the tenant's schedule of that name; returns its first tick. */
    static Instant upsert(Connection connection, String tenantId, String name, String cron, ZoneId zone, String type,
                          String payload) throws SQLException {
        Instant first = nextTick(cron, zone, Instant.now());
        delete(connection, tenantId, name);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO JOB_SCHEDULES (ID, TENANT_ID, NAME, CRON, "
                + "ZONE, TYPE, PAYLOAD, NEXT_FIRE_AT, CREATED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, tenantId);
            insert.setString(3, name);
            insert.setString(4, cron.trim());
            insert.setString(5, zone.getId());
            insert.setString(6, type);
            insert.setString(7, payload);
            insert.setTimestamp(8, Timestamp.from(first));
            insert.setTimestamp(9, Timestamp.from(Persistence.now()));
            insert.executeUpdate();
        }
        return first;
    }

    static boolean delete(Connection connection, String tenantId, String name) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM JOB_SCHEDULES WHERE TENANT_ID = ? AND NAME = ?")) {
            delete.setString(1, tenantId);
            delete.setString(2, name);
            return delete.executeUpdate() > 0;
        }
    }

    /** Submits one job for each due schedule whose tick this node wins; returns how many it submitted. */
    static int fireDue(JobStore store, Predicate<String> handled) throws SQLException {
        List<Due> due = store.inTransaction(connection -> {
            List<Due> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT ID, TENANT_ID, CRON, ZONE, TYPE, PAYLOAD, "
                    + "NEXT_FIRE_AT FROM JOB_SCHEDULES WHERE NEXT_FIRE_AT <= ?")) {
                select.setTimestamp(1, Timestamp.from(Instant.now()));
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        rows.add(new Due(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                                row.getString(5), row.getString(6), row.getTimestamp(7)));
                    }
                }
            }
            return rows;
        });
        int fired = 0;
        for (Due schedule : due) {
            if (store.inTransaction(connection -> fire(connection, schedule, handled))) {
                fired++;
            }
        }
        return fired;
    }

    private static boolean fire(Connection connection, Due schedule, Predicate<String> handled) throws SQLException {
        // Ticks missed while no node ran collapse into this one: the next tick is the first after now.
        Instant next = nextTick(schedule.cron(), ZoneId.of(schedule.zone()), Instant.now());
        try (PreparedStatement advance = connection.prepareStatement(
                "UPDATE JOB_SCHEDULES SET NEXT_FIRE_AT = ? WHERE ID = ? AND NEXT_FIRE_AT = ?")) {
            advance.setTimestamp(1, Timestamp.from(next));
            advance.setString(2, schedule.id());
            advance.setTimestamp(3, schedule.tick());
            if (advance.executeUpdate() != 1) {
                return false;
            }
        }
        Instant tick = schedule.tick().toInstant();
        JobRows.insert(connection, CommandRequest.of(schedule.tenantId(), schedule.type(), JobRows.payloadOf(schedule.payload()))
                .withDedupeKey("schedule:" + schedule.id() + ":" + tick), null, handled);
        return true;
    }

    static String payloadJson(Map<String, String> payload) {
        return JobRows.toJson(payload == null ? Map.of() : payload);
    }
}
