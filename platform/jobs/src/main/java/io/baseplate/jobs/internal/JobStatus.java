package io.baseplate.jobs.internal;

import java.util.EnumSet;
import java.util.Set;

/** Where a job is in its life. */
public enum JobStatus {
    /** Due: the next free worker with a handler for its type takes it. */
    QUEUED,
    /** Waiting for its time: a delay, a time to run at, or a retry's backoff. */
    SCHEDULED,
    /** Chained: runs once the job it follows has succeeded. */
    AWAITING_PARENT,
    /** Due, but no handler of its type is installed on the node that last looked; runs when one appears. */
    WAITING_FOR_HANDLER,
    /** Leased to a worker and executing. */
    RUNNING,
    /** The handler returned normally. */
    SUCCEEDED,
    /** Out of attempts, or failed for good: kept with its last error until retried through the API. */
    DEAD,
    /** Cancelled before it ran, or the job it followed did not succeed. */
    CANCELLED;

    /** States a job can be cancelled from: it has not started. */
    static final Set<JobStatus> CANCELLABLE = EnumSet.of(QUEUED, SCHEDULED, AWAITING_PARENT, WAITING_FOR_HANDLER);

    /** States a job can be retried from through the API. */
    static final Set<JobStatus> RETRYABLE = EnumSet.of(DEAD, CANCELLED);

    static String sqlList(Set<JobStatus> states) {
        StringBuilder list = new StringBuilder();
        for (JobStatus state : states) {
            list.append(list.length() == 0 ? "" : ", ").append('\'').append(state.name()).append('\'');
        }
        return list.toString();
    }
}
