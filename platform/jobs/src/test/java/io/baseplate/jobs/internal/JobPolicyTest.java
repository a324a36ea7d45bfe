package io.baseplate.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Exponential backoff with equal jitter, capped. */
class JobPolicyTest {

    private final JobPolicy policy = new JobPolicy(10, 1_000, 60_000, 300, "default");

    @Test
    void theDelayDoublesWithEachAttemptUpToTheCap() {
        assertEquals(Duration.ofMillis(1_000), policy.retryDelay(1, () -> 0.0));
        assertEquals(Duration.ofMillis(2_000), policy.retryDelay(2, () -> 0.0));
        assertEquals(Duration.ofMillis(8_000), policy.retryDelay(4, () -> 0.0));
        assertEquals(Duration.ofMillis(60_000), policy.retryDelay(7, () -> 0.0), "64 s is over the 60 s cap");
        assertEquals(Duration.ofMillis(60_000), policy.retryDelay(1_000, () -> 0.0), "no overflow far past the cap");
    }

    @Test
    void jitterTakesOffUpToHalfTheDelay() {
        assertEquals(Duration.ofMillis(4_000), policy.retryDelay(4, () -> 1.0));
        assertEquals(Duration.ofMillis(6_000), policy.retryDelay(4, () -> 0.5));
        for (int i = 0; i < 1_000; i++) {
            long millis = policy.retryDelay(3, Math::random).toMillis();
            assertEquals(true, millis >= 2_000 && millis <= 4_000, millis + " ms");
        }
    }

    @Test
    void anInvalidPolicyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new JobPolicy(0, 1_000, 60_000, 0, "default"));
        assertThrows(IllegalArgumentException.class, () -> new JobPolicy(3, 10_000, 1_000, 0, "default"));
    }
}
