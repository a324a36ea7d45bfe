package io.baseplate.itests;

import static org.hamcrest.CoreMatchers.hasItem;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.tinybundles.TinyBundlesFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;

import io.baseplate.api.payment.PaymentGateway;
import io.baseplate.itests.sandbox.SandboxGatewayBundle;

/**
 * Plugins arrive and leave while the platform runs: a jar dropped into the deploy folder, and a
 * gateway bundle built during the test that is installed, updated and uninstalled. Routing, the
 * service registry and {@code GET /api/v1/gateways} follow every step; other payments keep working.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT extends BaseplateTestSupport {

    private static final String MERCADOPAGO = "mercadopago";
    private static final String SANDBOX_BUNDLE = "io.baseplate.itests.sandbox-gateway";

    /**
     * TinyBundles' own service, not its static entry point: that one consults the thread's context
     * class loader first, the application class loader in the native container, and fails on the copy
     * of TinyBundles on the test class path ("DefaultTinyBundlesFactory not a subtype").
     */
    @Inject
    private TinyBundlesFactory tinyBundles;

    @Override
    protected Option[] additionalOptions() {
        return tinyBundlesInContainer();
    }

    @Test
    public void aGatewayJarDroppedIntoDeployServesItsCurrenciesUntilItIsDeleted() throws Exception {
        String tenantKey = newTenantKey();
        assertUnserved(pay(tenantKey, "BRL"), "BRL");
        assertCaptured(pay(tenantKey, "INR"), "razorpay");

        Path deployed = deploy(pluginJar("gateway-mercadopago-"));
        try {
            awaitCondition("mercadopago to be listed", CHANGE_VISIBLE, () -> api.gatewayIds(tenantKey).contains(MERCADOPAGO));
            assertThat(currenciesOf(awaitGateway(MERCADOPAGO, CHANGE_VISIBLE)), hasItem("BRL"));
            api.enableSandboxGateway(tenantKey, MERCADOPAGO);
            assertCaptured(pay(tenantKey, "BRL"), MERCADOPAGO);
            assertCaptured(pay(tenantKey, "INR"), "razorpay");
        } finally {
            Files.deleteIfExists(deployed);
        }

        awaitCondition("mercadopago to be gone", CHANGE_VISIBLE, () -> !api.gatewayIds(tenantKey).contains(MERCADOPAGO));
        assertEquals(List.of(), gatewayServices(MERCADOPAGO));
        assertUnserved(pay(tenantKey, "BRL"), "BRL");
        assertCaptured(pay(tenantKey, "INR"), "razorpay");
    }

    @Test
    public void aGatewayBundleBuiltInTheTestIsInstalledUpdatedAndUninstalled() throws Exception {
        String tenantKey = newTenantKey();
        assertUnserved(pay(tenantKey, "NZD"), "NZD");

        Bundle plugin = context.installBundle("tinybundles:" + SANDBOX_BUNDLE, sandboxGateway("1.0.0", "xts-sandbox", "NZD"));
        try {
            plugin.start();
            ServiceReference<PaymentGateway> first = awaitGateway("xts-sandbox", CHANGE_VISIBLE);
            assertEquals(List.of("NZD"), currenciesOf(first));
            assertListed(tenantKey, "xts-sandbox", "1.0.0");
            api.enableSandboxGateway(tenantKey, "xts-sandbox");
            assertCaptured(pay(tenantKey, "NZD"), "xts-sandbox");

            plugin.update(sandboxGateway("2.0.0", "xts-sandbox-2", "NZD", "SEK"));
            ServiceReference<PaymentGateway> second = awaitGateway("xts-sandbox-2", CHANGE_VISIBLE);
            assertEquals(List.of("NZD", "SEK"), currenciesOf(second));
            assertEquals(List.of(), gatewayServices("xts-sandbox"));
            assertListed(tenantKey, "xts-sandbox-2", "2.0.0");
            assertThat(api.gatewayIds(tenantKey), not(hasItem("xts-sandbox")));
            api.enableSandboxGateway(tenantKey, "xts-sandbox-2");
            assertCaptured(pay(tenantKey, "NZD"), "xts-sandbox-2");
            assertCaptured(pay(tenantKey, "SEK"), "xts-sandbox-2");
        } finally {
            plugin.uninstall();
        }

        assertEquals(List.of(), gatewayServices("xts-sandbox-2"));
        assertThat(api.gatewayIds(tenantKey), not(hasItem("xts-sandbox-2")));
        assertUnserved(pay(tenantKey, "NZD"), "NZD");
        assertUnserved(pay(tenantKey, "SEK"), "SEK");
        assertCaptured(pay(tenantKey, "INR"), "razorpay");
    }

    private InputStream sandboxGateway(String version, String gatewayId, String... currencies) {
        return SandboxGatewayBundle.build(tinyBundles, SANDBOX_BUNDLE, version, gatewayId, currencies);
    }

    private void assertListed(String tenantKey, String gatewayId, String version) {
        JsonNode gateway = api.gateway(tenantKey, gatewayId)
                .orElseThrow(() -> new AssertionError(gatewayId + " is not listed: " + api.gatewayIds(tenantKey)));
        assertEquals(SANDBOX_BUNDLE, gateway.path("bundle").asText());
        assertEquals(version, gateway.path("version").asText());
    }
}
