package io.baseplate.jobs.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** Claims as one node of the tests does: a fixed owner, a 30 s lease, five attempts per job. */
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
}
