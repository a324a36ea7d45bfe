package io.baseplate.api.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Requires a valid {@value #HEADER} header on a resource class or method; a missing or unknown key
 * is answered 401 before the resource runs. The resolved {@link Caller} is the request's
 * {@code SecurityContext} user principal, and {@code isUserInRole} answers the name of the caller's {@link Role}
 * ({@code PLATFORM_ADMIN} or {@code TENANT}).
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ApiKey {

    /** The request header carrying the key. */
    String HEADER = "X-Api-Key";
}
