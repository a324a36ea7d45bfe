package io.baseplate.itests.sandbox;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.ops4j.pax.tinybundles.TinyBundlesFactory;

import io.baseplate.api.payment.PaymentGateway;

/** Builds gateway plugin bundles during a test: {@link SandboxTestGateway} registered by a DS descriptor. */
public final class SandboxGatewayBundle {

    private SandboxGatewayBundle() {
    }

    /**
     * A gateway plugin bundle registering {@link SandboxTestGateway} under {@code gatewayId} for
     * {@code currencies}, importing only the payment SPI.
     *
     * @param tinyBundles TinyBundles' service in the container
     */
    public static InputStream build(TinyBundlesFactory tinyBundles, String symbolicName, String version,
                                    String gatewayId, String... currencies) {
        return buildImporting(tinyBundles, "", symbolicName, version, gatewayId, currencies);
    }

    /**
     * As {@link #build}, importing {@code extraImports} too (an {@code Import-Package} clause list, e.g.
     * a package no other bundle exports yet, so that the bundle cannot resolve until one does).
     */
    public static InputStream buildImporting(TinyBundlesFactory tinyBundles, String extraImports, String symbolicName,
                                             String version, String gatewayId, String... currencies) {
        String component = SandboxTestGateway.class.getName();
        String descriptor = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.4.0\" name=\"" + component
                + "\" activate=\"activate\">\n"
                + "  <property name=\"" + PaymentGateway.GATEWAY_ID + "\" type=\"String\" value=\"" + gatewayId + "\"/>\n"
                + "  <property name=\"" + PaymentGateway.CURRENCIES + "\" type=\"String\">" + String.join("\n", currencies)
                + "</property>\n"
                + "  <service><provide interface=\"" + PaymentGateway.class.getName() + "\"/></service>\n"
                + "  <implementation class=\"" + component + "\"/>\n"
                + "</scr:component>\n";
        return tinyBundles.bundle()
                .setHeader("Bundle-ManifestVersion", "2")
                .setHeader("Bundle-SymbolicName", symbolicName)
                .setHeader("Bundle-Version", version)
                .setHeader("Import-Package", PaymentGateway.class.getPackageName() + ";version=\"[2.0,3)\""
                        + (extraImports.isEmpty() ? "" : "," + extraImports))
                .setHeader("Service-Component", "OSGI-INF/sandbox-gateway.xml")
                .addClass(SandboxTestGateway.class)
                .addResource("OSGI-INF/sandbox-gateway.xml", new ByteArrayInputStream(descriptor.getBytes(StandardCharsets.UTF_8)))
                .build(tinyBundles.rawBuilder());
    }
}
