package io.baseplate.payments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.baseplate.api.domain.DomainException;
import io.baseplate.api.payment.GatewayCapabilities;
import io.baseplate.api.payment.GatewayContext;

/** Which installed gateways serve a tenant, in which order, in which mode and with which sealed credentials. */
class TenantGatewaysTest {

    private static final String ACME = "acme";
    private static final String GLOBEX = "globex";
    private static final String SECRET_KEY = "sk_live_TOPSECRET_4242424242";
    private static final String WEBHOOK_SECRET = "whsec_ALSOSECRET_1717171717";

    private PaymentsTestBed bed;
    private TenantGateways gateways;

    @BeforeEach
    void setUp() throws SQLException {
        bed = new PaymentsTestBed()
                .install("alpha", new TestGateway("alpha"))
                .install("beta", new TestGateway("beta"))
                .install("yen-only", new TestGateway("yen-only",
                        new GatewayCapabilities(Set.of("JPY"), Set.of("JP"), Set.of("card"), true, true, true)));
        gateways = bed.gateways;
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void aTenantWithNothingEnabledIsToldWhichInstalledGatewaysServeTheCurrency() {
        DomainException e = assertThrows(DomainException.class, () -> gateways.candidates(ACME, "USD", null));

        assertEquals(DomainException.Kind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("[alpha, beta]"), e.getMessage());
        assertFalse(e.getMessage().contains("yen-only"), e.getMessage());
    }

    @Test
    void anEnabledSandboxGatewayBecomesACandidateWithASandboxContext() {
        TenantGateways.Setting setting = gateways.change(ACME, "alpha",
                new TenantGateways.SettingChange(true, "SANDBOX", null, null));

        assertTrue(setting.enabled());
        assertEquals("sandbox", setting.mode());
        List<TenantGateways.Candidate> candidates = gateways.candidates(ACME, "USD", "US");
        assertEquals(List.of("alpha"), ids(candidates));
        assertTrue(candidates.get(0).context().sandbox());
        assertEquals(ACME, candidates.get(0).context().tenantId());
    }

    @Test
    void candidatesFollowTheOrderGatewaysWereFirstSetIn() {
        bed.enableSandbox(ACME, "beta", "alpha");
        // Changing alpha again keeps its place.
        gateways.change(ACME, "alpha", new TenantGateways.SettingChange(null, null, Map.of("apiKey", "k"), null));

        assertEquals(List.of("beta", "alpha"), ids(gateways.candidates(ACME, "USD", null)));
        assertEquals(List.of("beta", "alpha", "yen-only"),
                gateways.settings(ACME).stream().map(TenantGateways.Setting::gatewayId).toList());
    }

    @Test
    void aRouteOverridesTheTenantOrderForItsCurrencyAndACountryRouteForItsCountry() {
        bed.enableSandbox(ACME, "alpha", "beta");
        gateways.putRoute(ACME, "USD", null, List.of("beta", "alpha"));
        gateways.putRoute(ACME, "USD", "BR", List.of("alpha"));

        assertEquals(List.of("beta", "alpha"), ids(gateways.candidates(ACME, "USD", null)));
        assertEquals(List.of("beta", "alpha"), ids(gateways.candidates(ACME, "USD", "US")));
        assertEquals(List.of("alpha"), ids(gateways.candidates(ACME, "USD", "BR")));
        assertEquals(List.of("alpha", "beta"), ids(gateways.candidates(ACME, "EUR", "BR")), "no route for EUR");

        assertTrue(gateways.deleteRoute(ACME, "USD", "BR"));
        assertEquals(List.of("beta", "alpha"), ids(gateways.candidates(ACME, "USD", "BR")));
    }

    @Test
    void aRouteNamesOnlyEnabledGatewaysThatServeTheMarket() {
        bed.enableSandbox(ACME, "alpha", "yen-only");

        DomainException notEnabled = assertThrows(DomainException.class,
                () -> gateways.putRoute(ACME, "USD", null, List.of("alpha", "beta")));
        assertEquals(DomainException.Kind.REJECTED, notEnabled.kind());
        DomainException notServing = assertThrows(DomainException.class,
                () -> gateways.putRoute(ACME, "USD", null, List.of("yen-only")));
        assertEquals(DomainException.Kind.REJECTED, notServing.kind());
        assertEquals(List.of(), gateways.routes(ACME));
    }

    @Test
    void disablingAGatewayRemovesItFromTheCandidatesButKeepsItsContext() {
        bed.enableSandbox(ACME, "alpha", "beta");
        gateways.change(ACME, "alpha", new TenantGateways.SettingChange(false, null, null, null));

        assertEquals(List.of("beta"), ids(gateways.candidates(ACME, "USD", null)));
        assertTrue(gateways.context(ACME, "alpha").isPresent(), "payments it holds can still be refunded");

        gateways.change(ACME, "beta", new TenantGateways.SettingChange(false, null, null, null));
        assertEquals(DomainException.Kind.REJECTED,
                assertThrows(DomainException.class, () -> gateways.candidates(ACME, "USD", null)).kind());
    }

    @Test
    void aTenantDoesNotSeeAnotherTenantsSettings() {
        gateways.change(ACME, "alpha", new TenantGateways.SettingChange(true, "live",
                Map.of("secretKey", SECRET_KEY), WEBHOOK_SECRET));
        gateways.putRoute(ACME, "USD", null, List.of("alpha"));

        assertEquals(DomainException.Kind.REJECTED,
                assertThrows(DomainException.class, () -> gateways.candidates(GLOBEX, "USD", null)).kind());
        assertTrue(gateways.context(GLOBEX, "alpha").isEmpty());
        assertEquals(List.of(), gateways.routes(GLOBEX));
        assertTrue(gateways.settings(GLOBEX).stream().noneMatch(TenantGateways.Setting::enabled));
        assertTrue(gateways.settings(GLOBEX).stream().allMatch(s -> s.credentialNames().isEmpty()));

        assertEquals(List.of("alpha"), ids(gateways.candidates(ACME, "USD", null)));
    }

    @Test
    void liveModeWithoutCredentialsIsRejectedAndNothingIsStored() {
        DomainException e = assertThrows(DomainException.class, () -> gateways.change(ACME, "alpha",
                new TenantGateways.SettingChange(true, "live", null, null)));

        assertEquals(DomainException.Kind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("credentials"), e.getMessage());
        assertTrue(gateways.settings(ACME).stream().noneMatch(TenantGateways.Setting::enabled));
        assertEquals(DomainException.Kind.REJECTED,
                assertThrows(DomainException.class, () -> gateways.candidates(ACME, "USD", null)).kind());
    }

    @Test
    void anUnknownModeOrGatewayIsRefused() {
        assertEquals(DomainException.Kind.INVALID, assertThrows(DomainException.class, () -> gateways.change(ACME,
                "alpha", new TenantGateways.SettingChange(true, "production", null, null))).kind());
        assertEquals(DomainException.Kind.NOT_FOUND, assertThrows(DomainException.class, () -> gateways.change(ACME,
                "paypal", new TenantGateways.SettingChange(true, "sandbox", null, null))).kind());
    }

    @Test
    void credentialsAreStoredSealedAndShownOnlyByName() throws SQLException {
        TenantGateways.Setting saved = gateways.change(ACME, "alpha", new TenantGateways.SettingChange(true, "live",
                Map.of("secretKey", SECRET_KEY, "accountId", "acct_1"), WEBHOOK_SECRET));

        List<Map<String, Object>> rows = bed.rows("SELECT * FROM GATEWAY_SETTINGS WHERE TENANT_ID = 'acme'");
        assertEquals(1, rows.size());
        for (Map.Entry<String, Object> column : rows.get(0).entrySet()) {
            String value = String.valueOf(column.getValue());
            assertFalse(value.contains(SECRET_KEY), "column " + column.getKey() + " holds the secret key");
            assertFalse(value.contains(WEBHOOK_SECRET), "column " + column.getKey() + " holds the webhook secret");
            assertFalse(value.contains("acct_1"), "column " + column.getKey() + " holds a credential value");
        }
        assertTrue(String.valueOf(rows.get(0).get("CREDENTIALS")).startsWith("v1:"));
        assertTrue(String.valueOf(rows.get(0).get("WEBHOOK_SECRET")).startsWith("v1:"));

        assertEquals(List.of("accountId", "secretKey"), saved.credentialNames());
        assertTrue(saved.webhookSecretStored());
        TenantGateways.Setting listed = gateways.settings(ACME).get(0);
        assertEquals(List.of("accountId", "secretKey"), listed.credentialNames());
        assertEquals("live", listed.mode());
        assertFalse(listed.toString().contains(SECRET_KEY));
        assertFalse(listed.toString().contains(WEBHOOK_SECRET));

        GatewayContext context = gateways.candidates(ACME, "USD", null).get(0).context();
        assertFalse(context.sandbox());
        assertEquals(Map.of("secretKey", SECRET_KEY, "accountId", "acct_1"), context.credentials());
        assertEquals(WEBHOOK_SECRET, context.webhookSecret());
    }

    @Test
    void aRowCopiedToAnotherTenantDoesNotOpenThere() throws SQLException {
        gateways.change(ACME, "alpha", new TenantGateways.SettingChange(true, "live",
                Map.of("secretKey", SECRET_KEY), null));
        bed.execute("INSERT INTO GATEWAY_SETTINGS (ID, TENANT_ID, GATEWAY_ID, ENABLED, SANDBOX, CREDENTIALS, "
                + "CREDENTIAL_NAMES, POSITION, UPDATED_AT) SELECT 'copied', 'globex', GATEWAY_ID, ENABLED, SANDBOX, "
                + "CREDENTIALS, CREDENTIAL_NAMES, POSITION, UPDATED_AT FROM GATEWAY_SETTINGS WHERE TENANT_ID = 'acme'");

        assertThrows(IllegalStateException.class, () -> gateways.candidates(GLOBEX, "USD", null));
        assertNotNull(gateways.candidates(ACME, "USD", null));
    }

    private static List<String> ids(List<TenantGateways.Candidate> candidates) {
        return candidates.stream().map(TenantGateways.Candidate::gatewayId).toList();
    }
}
