package io.baseplate.api.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Lets a resource class or method run only for callers holding at least one of these roles; anyone else
 * gets 403. A method's annotation replaces its class's. Checked by the platform's name-bound filter,
 * after authentication.
 */
@NameBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RolesAllowed {

    Role[] value();
}
