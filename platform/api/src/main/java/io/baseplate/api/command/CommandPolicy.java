package io.baseplate.api.command;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * How the jobs of a handler's command type are run, as service properties of the handler
 * ({@code baseplate.command.maxAttempts} and so on). Every element has a default, so a handler
 * names only what it changes. A failed attempt is retried after
 * {@code min(maxDelay, baseDelay * 2^(attempt-1))}, of which a random part of up to half is taken off
 * (jitter), so jobs that failed together do not retry together.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface CommandPolicy {

    /** Makes the property names {@code baseplate.command.<element>}. */
    String PREFIX_ = "baseplate.command.";

    String MAX_ATTEMPTS = PREFIX_ + "maxAttempts";
    String BASE_DELAY_MILLIS = PREFIX_ + "baseDelayMillis";
    String MAX_DELAY_MILLIS = PREFIX_ + "maxDelayMillis";
    String TIMEOUT_SECONDS = PREFIX_ + "timeoutSeconds";
    String QUEUE = PREFIX_ + "queue";

    /** Attempts before the job is {@code DEAD}, the first included. */
    int maxAttempts() default 5;

    /** Delay before the first retry. */
    long baseDelayMillis() default 1_000;

    /** No retry waits longer than this. */
    long maxDelayMillis() default 600_000;

    /** An attempt still running after this long has failed (and is retried); 0 for no limit. */
    long timeoutSeconds() default 300;

    /** The worker queue, whose concurrency is configured per node ({@code io.baseplate.jobs.worker}). */
    String queue() default "default";
}
