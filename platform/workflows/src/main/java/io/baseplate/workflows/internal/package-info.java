/** The workflow engine: WORKFLOW_INSTANCES, WORKFLOW_PARTICIPANTS and WORKFLOW_STEPS are this bundle's own persistence unit. */
@Header(name = Persistence.HEADER, value = "entities=\"io.baseplate.workflows.internal\"; migrations=db/migration")
package io.baseplate.workflows.internal;

import org.osgi.annotation.bundle.Header;

import io.baseplate.api.persistence.Persistence;
