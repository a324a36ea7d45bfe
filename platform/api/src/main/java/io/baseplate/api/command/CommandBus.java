package io.baseplate.api.command;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Submits commands to the platform's durable queue. A submitted command is stored before a submit
 * method returns and then runs at least once on a worker, so handlers must be idempotent by
 * {@link Command#id()}. To submit a command in the same transaction as a change of your own data,
 * use {@link io.baseplate.api.outbox.Outbox} instead.
 */
@ProviderType
public interface CommandBus {

    /**
     * Stores a command for background execution as soon as a worker is free.
     *
     * @param tenantId the tenant the work belongs to
     * @param type     a command type served by some {@link CommandHandler}
     * @param payload  string arguments, stored as given
     * @return the job id
     */
    String submit(String tenantId, String type, Map<String, String> payload);

    /**
     * Stores a command with its schedule, attempts, dedupe key or predecessor.
     *
     * @return the job id; with a dedupe key already used by this tenant, the id of that earlier job
     * @since 1.1
     */
    String submit(CommandRequest request);

    /**
     * Stores a batch: a parent whose children are the given commands, all in one transaction. The
     * batch's progress (done out of total) is posted on {@link #BATCH_TOPIC} as children finish, at most
     * once a second, and once more when the last one ends.
     *
     * @param tenantId the tenant of the batch and of every child
     * @param name     a label for people, e.g. a campaign's name
     * @param children at least one command of {@code tenantId}
     * @return the batch id
     * @since 1.1
     */
    String submitBatch(String tenantId, String name, List<CommandRequest> children);

    /**
     * The progress of one of the tenant's batches.
     *
     * @return empty if the tenant has no batch of that id
     * @since 1.1
     */
    Optional<BatchProgress> batch(String tenantId, String batchId);

    /**
     * Submits a command on a recurring schedule: at every tick of a cron expression in a time zone,
     * one job, however many nodes run. Ticks missed while no node ran are made up by one job, not one
     * per tick. Scheduling a name the tenant already uses replaces that schedule.
     *
     * @param name     the schedule's name, unique per tenant
     * @param cron     five fields (minute hour day-of-month month day-of-week) or six, seconds first
     * @param zone     the time zone the expression is read in, e.g. {@code Asia/Kolkata}
     * @param type     a command type served by some {@link CommandHandler}
     * @param payload  string arguments of every job
     * @return the first tick
     * @throws IllegalArgumentException for an expression that cannot be parsed
     * @since 1.1
     */
    Instant schedule(String tenantId, String name, String cron, ZoneId zone, String type,
                               Map<String, String> payload);

    /**
     * Removes a recurring schedule; jobs it already submitted are not affected.
     *
     * @return false if the tenant has no schedule of that name
     * @since 1.1
     */
    boolean unschedule(String tenantId, String name);

    /** Event Admin topic of batch progress events; properties {@code batchId}, {@code total}, {@code succeeded}, {@code failed}, {@code done}. */
    String BATCH_TOPIC = "baseplate/jobs/BATCH";
}
