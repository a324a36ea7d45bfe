package io.baseplate.jobs.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.command.BatchProgress;
import io.baseplate.api.command.CommandBus;
import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.persistence.Persistence;

/**
 * The durable command queue: a submitted command is committed to JOBS before a submit method
 * returns, then a {@link JobWorker} runs it. Also the tenant's (and the platform admin's) read,
 * cancel and retry of jobs.
 */
@Component(service = {CommandBus.class, JobQueue.class})
public class JobQueue implements CommandBus {

    static final int MAX_PAGE = 500;

    /** A job as shown to its tenant. */
    public record JobView(String id, String tenantId, String type, JobStatus status, int attempts, Integer maxAttempts,
                          String result, String lastError, Instant runAt, String afterJobId, String batchId,
                          Instant createdAt, Instant startedAt, Instant finishedAt, Instant updatedAt) {
    }

    /** One page of jobs, newest first; {@code next} is the cursor of the following page, null after the last. */
    public record JobPage(List<JobView> items, String next) {
    }

    /** What a list is narrowed to; null fields do not narrow. */
    public record JobFilter(String tenantId, JobStatus status, String type, Instant createdFrom, Instant createdTo) {
    }

    private final JobStore store;
    private final List<Runnable> submitListeners = new CopyOnWriteArrayList<>();
    /** Whether a handler of a type is installed on this node; the worker answers once it runs. */
    private volatile Predicate<String> handled = type -> false;
    /** The attempts a type's policy gives a job; the worker answers once it runs. */
    private volatile ToIntFunction<String> policyAttempts = type -> JobPolicy.DEFAULT.maxAttempts();

    /**
     * @param migrated registered once this bundle's migrations are applied: the queue starts only after
     *                 its tables exist
     */
    @Activate
    public JobQueue(@Reference(target = "(baseplate.datasource=platform)") DataSource dataSource,
                    @Reference Persistence migrated) {
        this.store = new JobStore(dataSource);
    }

    JobStore store() {
        return store;
    }

    @Override
    public String submit(String tenantId, String type, Map<String, String> payload) {
        return submit(CommandRequest.of(tenantId, type, payload));
    }

    @Override
    public String submit(CommandRequest request) {
        String id;
        try {
            id = store.inTransaction(connection -> JobRows.insert(connection, request, null, handled));
        } catch (SQLException e) {
            // Two submissions with one dedupe key raced and the other stored its job first.
            String earlier = request.dedupeKey() == null ? null : earlierJob(request);
            if (earlier == null) {
                throw new IllegalStateException("Could not store the command", e);
            }
            return earlier;
        }
        jobsSubmitted();
        return id;
    }

    @Override
    public String submitBatch(String tenantId, String name, List<CommandRequest> children) {
        String batchId;
        try {
            batchId = store.inTransaction(connection -> JobRows.insertBatch(connection, tenantId, name, children, handled));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store the batch", e);
        }
        jobsSubmitted();
        return batchId;
    }

    @Override
    public Instant schedule(String tenantId, String name, String cron, ZoneId zone, String type, Map<String, String> payload) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("A schedule needs a name of at most 200 characters");
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("A schedule needs a command type");
        }
        String json = CronSchedules.payloadJson(payload);
        try {
            return store.inTransaction(connection -> CronSchedules.upsert(connection, tenantId, name, cron, zone, type, json));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store the schedule", e);
        }
    }

    @Override
    public boolean unschedule(String tenantId, String name) {
        try {
            return store.inTransaction(connection -> CronSchedules.delete(connection, tenantId, name));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not remove the schedule", e);
        }
    }

    public JobPage list(JobFilter filter, String cursor, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM JOBS WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        narrow(sql, parameters, "TENANT_ID = ?", filter.tenantId());
        narrow(sql, parameters, "STATUS = ?", filter.status() == null ? null : filter.status().name());
        narrow(sql, parameters, "TYPE = ?", filter.type());
        narrow(sql, parameters, "CREATED_AT >= ?", filter.createdFrom() == null ? null : Timestamp.from(filter.createdFrom()));
        narrow(sql, parameters, "CREATED_AT < ?", filter.createdTo() == null ? null : Timestamp.from(filter.createdTo()));
        if (cursor != null) {
            Cursor after = Cursor.decode(cursor);
            sql.append(" AND (CREATED_AT < ? OR CREATED_AT = ? AND ID < ?)");
            parameters.add(Timestamp.from(after.createdAt()));
            parameters.add(Timestamp.from(after.createdAt()));
            parameters.add(after.id());
        }
        sql.append(" ORDER BY CREATED_AT DESC, ID DESC LIMIT ").append(size + 1);
        List<JobView> rows = read(sql.toString(), parameters);
        String next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            JobView last = rows.get(size - 1);
            next = new Cursor(last.createdAt(), last.id()).encode();
        }
        return new JobPage(List.copyOf(rows), next);
    }

    /** The job, if it belongs to the tenant (any tenant when {@code tenantId} is null). */
    public Optional<JobView> find(String tenantId, String jobId) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM JOBS WHERE ID = ?");
        List<Object> parameters = new ArrayList<>(List.of(jobId));
        narrow(sql, parameters, "TENANT_ID = ?", tenantId);
        return read(sql.toString(), parameters).stream().findFirst();
    }

    /** The batch, if it belongs to the tenant (any tenant when {@code tenantId} is null). */
    @Override
    public Optional<BatchProgress> batch(String tenantId, String batchId) {
        try {
            return Optional.ofNullable(store.inTransaction(connection -> Batches.find(connection, batchId, tenantId)))
                    .map(Batches.Progress::view);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the batch", e);
        }
    }

    /** How many jobs are in each state now, over all tenants. */
    public Map<JobStatus, Long> depth() {
        try {
            return store.inTransaction(connection -> {
                Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
                try (PreparedStatement select = connection.prepareStatement("SELECT STATUS, COUNT(*) FROM JOBS GROUP BY STATUS");
                     ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        counts.put(JobStatus.valueOf(rows.getString(1)), rows.getLong(2));
                    }
                }
                return counts;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count jobs", e);
        }
    }

    /** Cancels a job that has not started; false if it has. */
    public boolean cancel(String tenantId, String jobId) {
        try {
            return store.cancel(tenantId, jobId);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not cancel the job", e);
        }
    }

    /**
     * Queues a dead or cancelled job of the tenant again, with as many more attempts as its type's
     * policy gives; false if it is neither.
     */
    public boolean retry(String tenantId, String jobId, String type) {
        boolean retried;
        try {
            retried = store.retry(tenantId, jobId, policyAttempts.applyAsInt(type));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not retry the job", e);
        }
        if (retried) {
            jobsSubmitted();
        }
        return retried;
    }

    /** Lets the worker start freshly submitted jobs at once instead of at its next poll. */
    void onSubmit(Runnable listener) {
        submitListeners.add(listener);
    }

    void removeSubmitListener(Runnable listener) {
        submitListeners.remove(listener);
    }

    void handledBy(Predicate<String> handlerInstalled, ToIntFunction<String> attemptsOfPolicy) {
        this.handled = handlerInstalled;
        this.policyAttempts = attemptsOfPolicy;
    }

    Predicate<String> handled() {
        return handled;
    }

    /** Jobs were committed: wake the worker. */
    void jobsSubmitted() {
        submitListeners.forEach(Runnable::run);
    }

    private String earlierJob(CommandRequest request) {
        try {
            return store.inTransaction(connection -> JobRows.idByDedupeKey(connection, request.tenantId(), request.dedupeKey()));
        } catch (SQLException e) {
            return null;
        }
    }

    private static final String COLUMNS = "ID, TENANT_ID, TYPE, STATUS, ATTEMPTS, MAX_ATTEMPTS, RESULT, LAST_ERROR, RUN_AT, "
            + "PARENT_JOB_ID, BATCH_ID, CREATED_AT, STARTED_AT, FINISHED_AT, UPDATED_AT";

    private List<JobView> read(String sql, List<Object> parameters) {
        try {
            return store.inTransaction(connection -> {
                try (PreparedStatement select = connection.prepareStatement(sql)) {
                    for (int i = 0; i < parameters.size(); i++) {
                        select.setObject(i + 1, parameters.get(i));
                    }
                    List<JobView> views = new ArrayList<>();
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            views.add(view(row));
                        }
                    }
                    return views;
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read jobs", e);
        }
    }

    private static JobView view(ResultSet row) throws SQLException {
        int maxAttempts = row.getInt(6);
        Integer fixedMaxAttempts = row.wasNull() ? null : maxAttempts;
        return new JobView(row.getString(1), row.getString(2), row.getString(3), JobStatus.valueOf(row.getString(4)),
                row.getInt(5), fixedMaxAttempts, row.getString(7), row.getString(8),
                instant(row.getTimestamp(9)), row.getString(10), row.getString(11), instant(row.getTimestamp(12)),
                instant(row.getTimestamp(13)), instant(row.getTimestamp(14)), instant(row.getTimestamp(15)));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static void narrow(StringBuilder sql, List<Object> parameters, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            parameters.add(value);
        }
    }

    /** Where a page ended: the last job's creation time and id, opaque to clients. */
    record Cursor(Instant createdAt, String id) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (createdAt.toString() + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = text.indexOf('|');
                return new Cursor(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Not a cursor of this list: '" + cursor + "'", e);
            }
        }
    }
}
