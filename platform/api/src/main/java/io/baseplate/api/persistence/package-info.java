/** Persistence for any bundle: its own entities and migrations over the host's one pool. */
@Export
@Version("1.1.0")
package io.baseplate.api.persistence;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
