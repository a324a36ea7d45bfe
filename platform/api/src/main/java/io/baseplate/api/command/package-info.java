/** Commands: durable background work submitted by anyone and executed by a handler plugin. */
@Export
@Version("1.1.0")
package io.baseplate.api.command;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
