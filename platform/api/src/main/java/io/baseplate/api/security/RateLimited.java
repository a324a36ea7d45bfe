package io.baseplate.api.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Limits how often one API key may call a resource class or method: a token bucket per key, refilled at
 * the tenant's rate (configuration PID {@code io.baseplate.ratelimit}, overridable per tenant). A call
 * over the limit gets 429 with {@code Retry-After}.
 */
@NameBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RateLimited {
}
