package io.baseplate.api.command;

import java.time.Instant;

/**
 * Where a batch stands: children that succeeded and that failed (dead or cancelled) out of its total.
 *
 * @param finishedAt when its last child ended; null while any is waiting or running
 */
public record BatchProgress(String id, String name, int total, int succeeded, int failed, Instant createdAt,
                            Instant finishedAt) {

    /** Children that have ended, either way. */
    public int done() {
        return succeeded + failed;
    }

    /** Children still to run. */
    public int remaining() {
        return total - done();
    }
}
