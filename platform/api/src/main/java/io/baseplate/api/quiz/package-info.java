/** Quiz types: the SPI a question-type plugin implements and the values it exchanges with the platform. */
@Export
@Version("1.1.0")
package io.baseplate.api.quiz;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
