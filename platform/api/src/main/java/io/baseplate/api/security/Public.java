package io.baseplate.api.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Opens a resource class or method of the {@code /api} application to callers without an API key.
 * Everything else in that application, whichever bundle contributes it, needs an authenticated
 * {@link Caller}: a route is public only by saying so here. Requests to public routes are not audited.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Public {
}
