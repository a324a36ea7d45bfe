package io.baseplate.api.persistence;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an entity that belongs to no tenant (tenants themselves, API keys looked up before the
 * tenant is known). Every other entity of a persistence unit must be tenant-owned; see
 * {@link Persistence}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PlatformData {
}
