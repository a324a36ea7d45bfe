/**
 * Workflow handlers: the SPI a workflow plugin (appointments, deliveries...) implements, and the values it
 * exchanges with the platform's workflow engine, which owns the instances, their history and their events.
 */
@Export
@Version("1.0.0")
package io.baseplate.api.workflow;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
