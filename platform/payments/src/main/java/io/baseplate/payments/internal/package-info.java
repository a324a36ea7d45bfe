/** Payments and gateway routing: PAYMENTS is this bundle's own persistence unit. */
@Header(name = Persistence.HEADER, value = "entities=\"io.baseplate.payments.internal\"; migrations=db/migration")
package io.baseplate.payments.internal;

import org.osgi.annotation.bundle.Header;

import io.baseplate.api.persistence.Persistence;
