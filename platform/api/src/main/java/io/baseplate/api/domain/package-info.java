/** What domain services report to any caller, free of HTTP types. */
@Export
@Version("1.0.0")
package io.baseplate.api.domain;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
