/** The transactional outbox: events and commands written with the data change that causes them, the log of those events, and its followers. */
@Export
@Version("1.3.0")
package io.baseplate.api.outbox;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
