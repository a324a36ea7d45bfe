package io.baseplate.api.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource class or method whose refused attempts (401, 403, 429) matter beyond the audit trail:
 * each one is also posted to Event Admin under {@link SecurityEvents#ACCESS_DENIED}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Sensitive {
}
