/** The host's one cache: named, bounded regions with a time-to-live, for lookups worth keeping in memory. */
@Export
@Version("1.0.0")
package io.baseplate.api.cache;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
