package io.baseplate.jobs.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import org.osgi.framework.ServiceReference;

import io.baseplate.api.command.CommandPolicy;

/** A command type's {@link CommandPolicy}, read from its handler's service properties. */
record JobPolicy(int maxAttempts, long baseDelayMillis, long maxDelayMillis, long timeoutSeconds, String queue) {

    static final JobPolicy DEFAULT = new JobPolicy(5, 1_000, 600_000, 300, "default");

    JobPolicy {
        if (maxAttempts < 1 || baseDelayMillis < 0 || maxDelayMillis < baseDelayMillis || timeoutSeconds < 0) {
            throw new IllegalArgumentException("Invalid command policy: maxAttempts " + maxAttempts + ", baseDelayMillis "
                    + baseDelayMillis + ", maxDelayMillis " + maxDelayMillis + ", timeoutSeconds " + timeoutSeconds);
        }
    }

    static JobPolicy of(ServiceReference<?> handler) {
        return new JobPolicy(
                (int) number(handler, CommandPolicy.MAX_ATTEMPTS, DEFAULT.maxAttempts),
                number(handler, CommandPolicy.BASE_DELAY_MILLIS, DEFAULT.baseDelayMillis),
                number(handler, CommandPolicy.MAX_DELAY_MILLIS, DEFAULT.maxDelayMillis),
                number(handler, CommandPolicy.TIMEOUT_SECONDS, DEFAULT.timeoutSeconds),
                String.valueOf(handler.getProperty(CommandPolicy.QUEUE) == null ? DEFAULT.queue
                        : handler.getProperty(CommandPolicy.QUEUE)));
    }

    /**
     * The wait before the retry that follows failed attempt {@code attempt} (1-based): the exponential
     * delay {@code min(max, base * 2^(attempt-1))}, less a random part of up to half of it ("equal
     * jitter"), so jobs that failed together spread out but none retries sooner than half the delay.
     */
    Duration retryDelay(int attempt, DoubleSupplier random) {
        long exponential = baseDelayMillis;
        for (int i = 1; i < attempt && exponential < maxDelayMillis; i++) {
            exponential *= 2;
        }
        exponential = Math.min(exponential, maxDelayMillis);
        long jitter = (long) (exponential / 2.0 * random.getAsDouble());
        return Duration.ofMillis(exponential - jitter);
    }

    Duration timeout() {
        return timeoutSeconds == 0 ? null : Duration.ofSeconds(timeoutSeconds);
    }

    private static long number(ServiceReference<?> handler, String name, long fallback) {
        Object value = handler.getProperty(name);
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value != null) {
            try {
                return Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Service property " + name + " must be a number, not '" + value + "'", e);
            }
        }
        return fallback;
    }
}
