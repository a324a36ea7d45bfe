/** REST conventions shared by every resource: RFC 9457 problem responses and list envelopes. */
@Export
@Version("1.1.0")
package io.baseplate.api.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
