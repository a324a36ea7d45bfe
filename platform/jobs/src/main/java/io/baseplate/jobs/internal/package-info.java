/** The durable command queue: JOBS is this bundle's own persistence unit. */
@Header(name = Persistence.HEADER, value = "entities=\"io.baseplate.jobs.internal\"; migrations=db/migration")
package io.baseplate.jobs.internal;

import org.osgi.annotation.bundle.Header;

import io.baseplate.api.persistence.Persistence;
