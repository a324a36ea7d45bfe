/** Payment history: a read-only view of a tenant's stored payments, for plugins that report on them. */
@Export
@Version("1.0.0")
package io.baseplate.api.payment.history;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
