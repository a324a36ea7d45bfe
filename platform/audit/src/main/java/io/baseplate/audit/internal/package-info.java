/** The audit trail: AUDIT_LOG is this bundle's own persistence unit, platform data (entries of every tenant and of none). */
@Header(name = Persistence.HEADER, value = "entities=\"io.baseplate.audit.internal\"; migrations=db/migration")
package io.baseplate.audit.internal;

import org.osgi.annotation.bundle.Header;

import io.baseplate.api.persistence.Persistence;
