package io.baseplate.itests;

import static org.hamcrest.CoreMatchers.hasItem;
import static org.hamcrest.CoreMatchers.hasItems;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

import io.baseplate.api.payment.SandboxProcessor;
import io.baseplate.testkit.BaseplateOptions;

/**
 * Upgrade in place: the platform starts on an H2 database file that the previous version (commit
 * f4a8b4f, one shared schema) wrote, and everything in it is still there and usable over HTTP: the
 * tenant and its key, both payments with their statuses, the idempotency of the captured one, and the
 * receipt job; and new payments work. The fixture and what is in it are in
 * {@code src/test/resources/legacy-0.1} (see its README.md; {@code tools/make-legacy-database.py}
 * made it). H2 is pinned: the file is an H2 database, so this test runs on H2 also when the suite
 * runs on PostgreSQL.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UpgradeInPlaceIT extends BaseplateTestSupport {

    /** Framework property: the fixture folder, so that the tests in the container read its contents.json. */
    private static final String LEGACY_DIR = "baseplate.it.legacy.dir";

    /** The admin key the fixture was made with (tools/make-legacy-database.py); 0.1 stored its role as ADMIN. */
    private static final String LEGACY_ADMIN_KEY = "bpa_legacy_fixture_admin_key_not_a_secret";

    private static final String PAYMENTS = "/api/v1/payments";
    private static final String JOBS = "/api/v1/jobs";

    private LegacyDatabase legacy;

    /**
     * The platform of every other test, pinned to H2 and started on a copy of the fixture. Runs in the
     * test JVM; the container never sees the testkit, so no signature here may name its types.
     */
    @Override
    @Configuration
    public Option[] configuration() {
        Path fixture = legacyFixture();
        return BaseplateOptions.fromDistribution(Path.of(requiredSystemProperty("baseplate.distribution")))
                .workDirectory(Path.of(requiredSystemProperty("baseplate.it.work")))
                .withEmbeddedDatabase()
                .withInitialData(fixture)
                .frameworkProperty(LEGACY_DIR, fixture.toString())
                .frameworkProperty(BaseplateOptions.ADMIN_KEY, LEGACY_ADMIN_KEY)
                .build();
    }

    /** Outside the container: the fixture folder on the test class path (target/test-classes). */
    private static Path legacyFixture() {
        URL contents = UpgradeInPlaceIT.class.getResource(LegacyDatabase.RESOURCE_FOLDER + "/contents.json");
        if (contents == null) {
            throw new IllegalStateException(LegacyDatabase.RESOURCE_FOLDER + "/contents.json is not on the test class path");
        }
        try {
            return Path.of(contents.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Before
    public void readWhatTheLegacyDatabaseHolds() throws IOException {
        legacy = LegacyDatabase.read(Path.of(context.getProperty(LEGACY_DIR)));
    }

    @Test
    public void thePlatformIsHealthyOnTheLegacyDatabase() {
        assertEquals(200, api.healthStatus());
    }

    @Test
    public void theLegacyTenantKeyAuthenticates() {
        BaseplateApi.Reply jobs = api.get(JOBS, legacy.tenantKey());
        assertEquals(jobs.toString(), 200, jobs.status());
    }

    @Test
    public void theLegacyAdminKeyIsStillThePlatformAdmin() {
        BaseplateApi.Reply tenant = api.post("/api/v1/tenants", LEGACY_ADMIN_KEY, "{\"name\": \"after-upgrade\"}");
        assertEquals(tenant.toString(), 201, tenant.status());
        BaseplateApi.Reply everyTenantsJobs = api.get(JOBS + "?tenantId=" + legacy.tenantId(), LEGACY_ADMIN_KEY);
        assertEquals(everyTenantsJobs.toString(), 200, everyTenantsJobs.status());
        List<String> listed = new ArrayList<>();
        for (JsonNode job : everyTenantsJobs.json().path("items")) {
            listed.add(job.path("id").asText());
        }
        assertThat("the platform admin reads any tenant's jobs", listed,
                hasItems(LegacyDatabase.ids(legacy.jobs()).toArray(String[]::new)));
    }

    /** Runs with the legacy admin key: {@code api} issues keys with the key the fixture was made with. */
    @Test
    public void theAdminCanIssueTheLegacyTenantANewKeyThatSeesItsData() {
        String newKey = api.newKey(legacy.tenantId());

        BaseplateApi.Reply jobs = api.get(JOBS, newKey);
        assertEquals(jobs.toString(), 200, jobs.status());
        List<String> listed = new ArrayList<>();
        for (JsonNode job : jobs.json().path("items")) {
            listed.add(job.path("id").asText());
        }
        assertThat(listed, hasItems(LegacyDatabase.ids(legacy.jobs()).toArray(String[]::new)));
        String capturedId = legacy.payment("CAPTURED").path("id").asText();
        assertEquals(200, api.get(PAYMENTS + "/" + capturedId, newKey).status());
    }

    @Test
    public void bothLegacyPaymentsAreReadableWithTheirStoredStatusAmountAndCurrency() {
        List<String> statuses = new ArrayList<>();
        for (JsonNode expected : legacy.payments()) {
            BaseplateApi.Reply stored = api.get(PAYMENTS + "/" + expected.path("id").asText(), legacy.tenantKey());
            assertEquals(stored.toString(), 200, stored.status());
            JsonNode payment = stored.json();
            assertEquals(expected.path("id").asText(), payment.path("id").asText());
            assertEquals(stored.toString(), expected.path("status").asText(), payment.path("status").asText());
            assertEquals(stored.toString(), expected.path("amount").asLong(), payment.path("amount").asLong());
            assertEquals(stored.toString(), expected.path("currency").asText(), payment.path("currency").asText());
            assertEquals(stored.toString(), expected.path("gateway").asText(), payment.path("gateway").asText());
            assertEquals(stored.toString(), expected.path("reference").asText(), payment.path("reference").asText());
            statuses.add(payment.path("status").asText());
        }
        assertEquals("the fixture's payments", List.of("CAPTURED", "DECLINED"), statuses);
    }

    @Test
    public void aReplayOfTheCapturedPaymentsIdempotencyKeyAnswersTheSamePayment() {
        JsonNode captured = legacy.payment("CAPTURED");

        BaseplateApi.Reply replay = api.post(PAYMENTS, legacy.tenantKey(), captured.path("request").toString(),
                BaseplateApi.IDEMPOTENCY_KEY, captured.path("idempotencyKey").asText());

        assertEquals(replay.toString(), 201, replay.status());
        assertEquals(captured.path("id").asText(), replay.json().path("id").asText());
        assertEquals("CAPTURED", replay.json().path("status").asText());
        assertEquals(Optional.of("true"), replay.header("Idempotent-Replayed"));
    }

    @Test
    public void theLegacyJobsAreListedWithTheirStatuses() {
        BaseplateApi.Reply jobs = api.get(JOBS, legacy.tenantKey());
        assertEquals(jobs.toString(), 200, jobs.status());
        Map<String, JsonNode> listed = new HashMap<>();
        for (JsonNode job : jobs.json().path("items")) {
            listed.put(job.path("id").asText(), job);
        }
        assertThat("the fixture has jobs", legacy.jobs().size(), not(0));
        for (JsonNode expected : legacy.jobs()) {
            JsonNode job = listed.get(expected.path("id").asText());
            assertNotNull("legacy job " + expected + " is not listed: " + jobs, job);
            assertEquals(expected.path("type").asText(), job.path("type").asText());
            assertEquals(expected.path("status").asText(), job.path("status").asText());
            assertEquals(expected.path("attempts").asInt(), job.path("attempts").asInt());
            assertEquals(expected.path("result").asText(), job.path("result").asText());
        }
    }

    @Test
    public void aNewPaymentCanBeMadeAndGetsItsReceipt() throws Exception {
        String tenantKey = legacy.tenantKey();
        BaseplateApi.Reply payment = api.pay(tenantKey, UUID.randomUUID().toString(), 7700, "INR", SandboxProcessor.APPROVE);
        assertCaptured(payment, "razorpay");
        String paymentId = payment.json().path("id").asText();
        assertThat("a new id, not a legacy one", LegacyDatabase.ids(legacy.payments()), not(hasItem(paymentId)));

        awaitCondition("a SUCCEEDED receipt job for the new payment " + paymentId, CHANGE_VISIBLE, () -> {
            for (JsonNode job : api.get(JOBS, tenantKey).json().path("items")) {
                if (job.path("result").asText().contains(paymentId) && "SUCCEEDED".equals(job.path("status").asText())) {
                    return true;
                }
            }
            return false;
        });
    }
}
