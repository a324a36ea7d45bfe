/** The transactional outbox: events and commands written with the data change that causes them, and the log of those events. */
@Export
@Version("1.2.0")
package io.baseplate.api.outbox;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
