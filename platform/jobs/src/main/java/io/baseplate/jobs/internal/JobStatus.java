package io.baseplate.jobs.internal;

/** Where a job is in its life. */
public enum JobStatus {
    /** Stored, waiting for a worker (and, if none is registered yet, for a handler). */
    QUEUED,
    /** Claimed by a worker and executing. */
    RUNNING,
    /** The handler returned normally. */
    SUCCEEDED,
    /** The handler threw. */
    FAILED
}
