/** The job probe's handlers, entities and resource: PROBE_RUNS and PROBE_REPEATS are its own tables. */
@Header(name = Persistence.HEADER, value = "entities=\"io.baseplate.jobprobe.internal\"; migrations=db/migration")
package io.baseplate.jobprobe.internal;

import org.osgi.annotation.bundle.Header;

import io.baseplate.api.persistence.Persistence;
