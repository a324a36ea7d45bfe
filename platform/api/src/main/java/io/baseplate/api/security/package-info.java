/** Who is calling and what may they do: the caller, its roles, and the annotations that decorate routes with access control. */
@Export
@Version("2.0.0")
package io.baseplate.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
