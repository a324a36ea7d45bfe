/** Tenants and API keys: TENANTS and API_KEYS are this bundle's own persistence unit. */
@Header(name = Persistence.HEADER, value = "entities=\"io.baseplate.tenancy.internal\"; migrations=db/migration")
package io.baseplate.tenancy.internal;

import org.osgi.annotation.bundle.Header;

import io.baseplate.api.persistence.Persistence;
