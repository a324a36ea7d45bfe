/** Payment gateways: the SPI a gateway plugin implements and the values it exchanges with the platform. */
@Export
@Version("2.0.0")
package io.baseplate.api.payment;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
