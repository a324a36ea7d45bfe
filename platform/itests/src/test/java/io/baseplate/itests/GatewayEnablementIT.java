package io.baseplate.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;

/**
 * Tenants choose their gateways: the installed Mercado Pago serves the tenant that enabled it and not
 * the one that did not, its credentials never appear in clear text in the database or the API, and its
 * webhooks are authenticated by their signature alone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GatewayEnablementIT extends BaseplateTestSupport {

    private static final String MERCADOPAGO = "mercadopago";
    private static final String ACCESS_TOKEN = "APP_USR-" + UUID.randomUUID();
    private static final String WEBHOOK_SECRET = "whsec-" + UUID.randomUUID();

    @Test
    public void aGatewayServesOnlyTheTenantsThatEnabledItAndItsSecretsStaySealed() throws Exception {
        String tenantA = newTenantKey();
        String tenantB = newTenantKey();
        Path deployed = deploy(pluginJar("gateway-mercadopago-"));
        try {
            awaitGateway(MERCADOPAGO, CHANGE_VISIBLE);
            BaseplateApi.Reply setting = api.call("PUT", "/api/v1/payment-gateways/" + MERCADOPAGO, tenantA,
                    BaseplateApi.json(Map.of("enabled", true, "mode", "sandbox",
                            "credentials", Map.of("accessToken", ACCESS_TOKEN), "webhookSecret", WEBHOOK_SECRET)));
            assertEquals(setting.toString(), 200, setting.status());
            assertThat(setting.body(), not(containsString(ACCESS_TOKEN)));
            assertThat(setting.body(), not(containsString(WEBHOOK_SECRET)));
            assertEquals("accessToken", setting.json().path("credentialNames").get(0).asText());

            assertCaptured(pay(tenantA, "BRL"), MERCADOPAGO);
            BaseplateApi.Reply refused = pay(tenantB, "BRL");
            assertUnserved(refused, "BRL");
            assertThat(refused.json().path("detail").asText(), containsString(MERCADOPAGO));

            BaseplateApi.Reply listed = api.get("/api/v1/payment-gateways", tenantA);
            assertEquals(200, listed.status());
            assertThat(listed.body(), not(containsString(ACCESS_TOKEN)));

            String dump = databaseDump();
            assertThat(dump, containsString("GATEWAY_SETTINGS"));
            assertFalse("the access token is in clear text in the database", dump.contains(ACCESS_TOKEN));
            assertFalse("the webhook secret is in clear text in the database", dump.contains(WEBHOOK_SECRET));
        } finally {
            Files.deleteIfExists(deployed);
        }
    }

    @Test
    public void aWebhookIsAcceptedOnlyWithTheTenantsSignatureAndOnlyOnce() throws Exception {
        String tenantId = api.newTenant("it-" + UUID.randomUUID());
        String tenantKey = api.newKey(tenantId);
        BaseplateApi.Reply setting = api.call("PUT", "/api/v1/payment-gateways/stripe", tenantKey,
                BaseplateApi.json(Map.of("webhookSecret", WEBHOOK_SECRET)));
        assertEquals(setting.toString(), 200, setting.status());
        String path = "/api/v1/webhooks/stripe/" + tenantId;
        String event = "{\"id\":\"evt_" + UUID.randomUUID().toString().replace("-", "")
                + "\",\"type\":\"customer.created\",\"data\":{\"object\":{}}}";
        long now = System.currentTimeMillis() / 1000;

        assertEquals(401, api.post(path, null, event).status());
        assertEquals(401, api.post(path, null, event, "Stripe-Signature", stripeSignature(now, event, "wrong")).status());
        assertEquals(401, api.post(path, null, event,
                "Stripe-Signature", stripeSignature(now - 3600, event, WEBHOOK_SECRET)).status());
        assertEquals(401, api.post(path, null, event.replace("customer", "charge"),
                "Stripe-Signature", stripeSignature(now, event, WEBHOOK_SECRET)).status());
        assertEquals(401, api.post("/api/v1/webhooks/stripe/" + UUID.randomUUID(), null, event,
                "Stripe-Signature", stripeSignature(now, event, WEBHOOK_SECRET)).status());

        BaseplateApi.Reply first = api.post(path, null, event, "Stripe-Signature", stripeSignature(now, event, WEBHOOK_SECRET));
        assertEquals(first.toString(), 200, first.status());
        assertFalse(first.json().path("duplicate").asBoolean());
        BaseplateApi.Reply again = api.post(path, null, event, "Stripe-Signature", stripeSignature(now, event, WEBHOOK_SECRET));
        assertEquals(again.toString(), 200, again.status());
        assertTrue(again.json().path("duplicate").asBoolean());
    }

    private static String stripeSignature(long timestamp, String body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
    }

    /** Every row of every table as text: H2's SCRIPT, or each PostgreSQL table's rows cast to text. */
    private String databaseDump() throws Exception {
        ServiceReference<DataSource> reference = context.getServiceReferences(DataSource.class,
                "(baseplate.datasource=platform)").iterator().next();
        DataSource dataSource = context.getService(reference);
        StringBuilder dump = new StringBuilder();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (connection.getMetaData().getDatabaseProductName().startsWith("H2")) {
                try (ResultSet script = statement.executeQuery("SCRIPT")) {
                    while (script.next()) {
                        dump.append(script.getString(1)).append('\n');
                    }
                }
            } else {
                List<String> tables = new ArrayList<>();
                try (ResultSet names = statement.executeQuery("SELECT table_name FROM information_schema.tables "
                        + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")) {
                    while (names.next()) {
                        tables.add(names.getString(1));
                    }
                }
                for (String table : tables) {
                    dump.append(table.toUpperCase()).append('\n');
                    try (ResultSet rows = statement.executeQuery("SELECT CAST(t AS TEXT) FROM \"" + table + "\" t")) {
                        while (rows.next()) {
                            dump.append(rows.getString(1)).append('\n');
                        }
                    }
                }
            }
        } finally {
            context.ungetService(reference);
        }
        return dump.toString();
    }
}
