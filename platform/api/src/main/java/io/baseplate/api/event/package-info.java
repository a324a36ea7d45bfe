/** Conventions shared by every platform event posted on Event Admin. */
@Export
@Version("1.2.0")
package io.baseplate.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
