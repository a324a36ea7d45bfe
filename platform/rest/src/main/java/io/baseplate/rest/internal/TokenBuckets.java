package io.baseplate.rest.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per key: it holds up to {@code burst} tokens, refills at {@code permitsPerSecond}, and a
 * request takes one token or is refused with the wait until the next one. Buckets that have refilled to
 * full are dropped when the map grows, since a full bucket is what a missing one means.
 */
final class TokenBuckets {

    /** The answer for one request: allowed, or refused with the seconds until a token is free. */
    record Decision(boolean allowed, long retryAfterSeconds) {
    }

    /** A bucket's rate; the limit of one tenant. */
    record Limit(double permitsPerSecond, double burst) {

        Limit {
            if (!(permitsPerSecond > 0) || !(burst >= 1)) {
                throw new IllegalArgumentException("A rate limit needs permitsPerSecond > 0 and burst >= 1");
            }
        }
    }

    private static final int PRUNE_ABOVE = 10_000;
    private static final double NANOS_PER_SECOND = 1e9;

    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    TokenBuckets(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    Decision take(String key, Limit limit) {
        long now = nanoTime.getAsLong();
        if (buckets.size() > PRUNE_ABOVE) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return buckets.computeIfAbsent(key, unused -> new Bucket(limit, now)).take(limit, now);
    }

    /** Forgets every bucket, so a changed limit applies at once. */
    void clear() {
        buckets.clear();
    }

    private static final class Bucket {

        private Limit limit;
        private double tokens;
        private long updatedAt;

        Bucket(Limit limit, long now) {
            this.limit = limit;
            this.tokens = limit.burst();
            this.updatedAt = now;
        }

        synchronized Decision take(Limit current, long now) {
            refill(now);
            if (!current.equals(limit)) {
                limit = current;
                tokens = Math.min(tokens, current.burst());
            }
            if (tokens >= 1) {
                tokens -= 1;
                return new Decision(true, 0);
            }
            double secondsToNextToken = (1 - tokens) / limit.permitsPerSecond();
            return new Decision(false, Math.max(1, (long) Math.ceil(secondsToNextToken)));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= limit.burst();
        }

        private void refill(long now) {
            double elapsedSeconds = (now - updatedAt) / NANOS_PER_SECOND;
            tokens = Math.min(limit.burst(), tokens + elapsedSeconds * limit.permitsPerSecond());
            updatedAt = now;
        }
    }
}
