package io.baseplate.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final TokenBuckets buckets = new TokenBuckets(now::get);
    private final TokenBuckets.Limit tenPerSecond = new TokenBuckets.Limit(10, 10);

    @Test
    void aBurstGetsTheBucketsSizeAndNoMore() {
        int allowed = 0;
        for (int i = 0; i < 50; i++) {
            if (buckets.take("key", tenPerSecond).allowed()) {
                allowed++;
            }
        }
        assertEquals(10, allowed);
    }

    @Test
    void aRefusalSaysHowLongToWaitAndTheBucketRefillsAtTheRate() {
        for (int i = 0; i < 10; i++) {
            buckets.take("key", tenPerSecond);
        }
        TokenBuckets.Decision refused = buckets.take("key", tenPerSecond);
        assertFalse(refused.allowed());
        assertEquals(1, refused.retryAfterSeconds(), "whole seconds, at least one");
        TokenBuckets.Limit slow = new TokenBuckets.Limit(0.25, 1);
        buckets.take("slow", slow);
        assertEquals(4, buckets.take("slow", slow).retryAfterSeconds());

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertTrue(buckets.take("key", tenPerSecond).allowed(), "one token back after 1/10 s");
        assertFalse(buckets.take("key", tenPerSecond).allowed());
        now.addAndGet(TimeUnit.SECONDS.toNanos(5));
        int allowed = 0;
        while (buckets.take("key", tenPerSecond).allowed()) {
            allowed++;
        }
        assertEquals(10, allowed, "refilled to the burst, not beyond");
    }

    @Test
    void keysHaveBucketsOfTheirOwn() {
        for (int i = 0; i < 10; i++) {
            buckets.take("spender", tenPerSecond);
        }
        assertFalse(buckets.take("spender", tenPerSecond).allowed());
        assertTrue(buckets.take("other", tenPerSecond).allowed());
    }

    @Test
    void aLoweredLimitAppliesToAFullBucket() {
        buckets.take("key", new TokenBuckets.Limit(100, 100));
        int allowed = 0;
        for (int i = 0; i < 20; i++) {
            if (buckets.take("key", new TokenBuckets.Limit(2, 2)).allowed()) {
                allowed++;
            }
        }
        assertEquals(2, allowed);
    }

    @Test
    void limitsMustAllowSomething() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets.Limit(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets.Limit(10, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets.Limit(Double.NaN, 1));
    }
}
