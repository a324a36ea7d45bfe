package io.baseplate.tenancy.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Remembers when keys were used without a write per request: a use is noted for the database at most once
 * per {@code interval} per key, and {@link #flush} hands the noted uses over in one batch, off the request path.
 */
final class LastUsedRecorder {

    private final Duration interval;
    /** When each key's use was last noted for writing. */
    private final Map<String, Instant> noted = new ConcurrentHashMap<>();
    private final Map<String, Instant> pending = new ConcurrentHashMap<>();

    LastUsedRecorder(Duration interval) {
        this.interval = interval;
    }

    void used(String keyId, Instant at) {
        Instant last = noted.get(keyId);
        if (last == null || !at.isBefore(last.plus(interval))) {
            noted.put(keyId, at);
            pending.put(keyId, at);
        }
    }

    void forget(String keyId) {
        noted.remove(keyId);
        pending.remove(keyId);
    }

    /** Passes the uses noted since the last flush to {@code writer} and forgets them. */
    void flush(Consumer<Map<String, Instant>> writer) {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>();
        for (String keyId : pending.keySet()) {
            Instant at = pending.remove(keyId);
            if (at != null) {
                batch.put(keyId, at);
            }
        }
        if (!batch.isEmpty()) {
            writer.accept(batch);
        }
    }
}
