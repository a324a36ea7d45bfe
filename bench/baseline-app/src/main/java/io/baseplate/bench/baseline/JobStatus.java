package io.baseplate.bench.baseline;

/** Where a job is in its life, as the platform's jobs bundle has it. */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED
}
