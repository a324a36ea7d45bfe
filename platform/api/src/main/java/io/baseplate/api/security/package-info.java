/** Who is calling: the name-binding annotations that protect routes and the caller they resolve to. */
@Export
@Version("1.0.0")
package io.baseplate.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
