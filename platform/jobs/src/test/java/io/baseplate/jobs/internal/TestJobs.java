package io.baseplate.jobs.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** Claims and records outcomes as one node of the tests does: a fixed owner, a 30 s lease, five attempts per job. */
final class TestJobs {

    /** The tests' node, and its lease owner name: the node and this process. */
    static final String NODE_ID = "test-node";
    static final String NODE = NODE_ID + JobStore.OWNER_SEPARATOR + "p1";
    /** The same node's next process, after a restart. */
    static final String RESTARTED = NODE_ID + JobStore.OWNER_SEPARATOR + "p2";
    static final Duration LEASE = Duration.ofSeconds(30);

    private TestJobs() {
    }

    static List<JobStore.ClaimedJob> claim(JobStore store, Collection<String> types, int limit) throws SQLException {
        return store.claim(types, limit, NODE, LEASE, type -> 5);
    }

    /** Records one success, as the worker's recorder would; false if the attempt no longer holds the job. */
    static boolean succeed(JobStore store, JobStore.ClaimedJob job, String owner, String result) throws SQLException {
        return store.record(owner, List.of(JobStore.Outcome.success(job, result))).get(0) == null;
    }

    /** Records one failed attempt, as the worker's recorder would. */
    static JobStore.AfterFailure fail(JobStore store, JobStore.ClaimedJob job, String owner, String error, boolean permanent,
                                      Duration retryDelay) throws SQLException {
        JobStore.AfterFailure after = store.record(owner, List.of(JobStore.Outcome.failure(job, error, permanent, retryDelay))).get(0);
        return after == null ? JobStore.AfterFailure.LEASE_LOST : after;
    }
}
