package io.baseplate.itests;

import static org.hamcrest.CoreMatchers.endsWith;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

import io.baseplate.api.payment.SandboxProcessor;

/**
 * The report-csv plugin of the default feature: a tenant asks for a CSV report of its payments, the
 * PaymentsCsvReport job writes it on the platform's worker, and the tenant, and only it, downloads it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PaymentReportIT extends BaseplateTestSupport {

    private static final String REPORTS = "/api/v1/reports/payments";
    private static final String HEADER = "id,created_at,amount_minor,currency,status,gateway,reference";

    @Test
    public void aReportListsTheTenantsPaymentsOfTheRangeAndOnlyItsTenantGetsIt() throws Exception {
        String tenantKey = newTenantKey();
        Instant from = Instant.now().minus(Duration.ofMinutes(5));
        List<String> expectedRows = new ArrayList<>();
        expectedRows.add(csvRowOf(payment(tenantKey, 49900, "INR", "order-1", SandboxProcessor.APPROVE)));
        expectedRows.add(csvRowOf(payment(tenantKey, 1250, "USD", "=HYPERLINK(\"http://evil.example\")", SandboxProcessor.APPROVE)));
        expectedRows.add(csvRowOf(payment(tenantKey, 700, "EUR", "ACME, Inc.", SandboxProcessor.DECLINE)));
        String otherTenantKey = newTenantKey();
        expectStatus(payment(otherTenantKey, 100, "INR", "not in tenant A's report", SandboxProcessor.APPROVE), 201);
        Instant to = Instant.now().plus(Duration.ofMinutes(5));

        BaseplateApi.Reply requested = requestReport(tenantKey, from, to);
        assertEquals(requested.toString(), 202, requested.status());
        String jobId = requested.json().path("jobId").asText();
        assertThat(requested.header("Location").orElse("(none)"), endsWith(REPORTS + "/" + jobId));

        AtomicReference<BaseplateApi.Reply> download = new AtomicReference<>();
        awaitCondition("the report of job " + jobId, CHANGE_VISIBLE, () -> {
            download.set(api.get(REPORTS + "/" + jobId, tenantKey));
            assertTrue("before the report is written it is 409, never anything else: " + download.get(),
                    download.get().status() == 200 || download.get().status() == 409);
            return download.get().status() == 200;
        });
        BaseplateApi.Reply report = download.get();
        assertThat(report.contentType(), startsWith("text/csv"));
        assertThat(report.header("Content-Disposition").orElse("(none)"), startsWith("attachment"));
        List<String> lines = Arrays.asList(report.body().split("\r\n", -1));
        assertEquals(report.body(), HEADER, lines.get(0));
        assertEquals(report.body(), expectedRows, lines.subList(1, lines.size() - 1));
        assertEquals("the last line ends with CRLF too", "", lines.get(lines.size() - 1));

        assertProblem(api.get(REPORTS + "/" + jobId, otherTenantKey), 404);
        assertProblem(api.get(REPORTS + "/" + UUID.randomUUID(), tenantKey), 404);
        assertProblem(api.get(REPORTS + "/" + jobId + ".csv", tenantKey), 404);
    }

    @Test
    public void aRangeThatEndsBeforeItStartsOrSpansMoreThanAYearIsABadRequest() throws Exception {
        String tenantKey = newTenantKey();
        Instant now = Instant.now();

        assertProblem(requestReport(tenantKey, now, now), 400);
        assertProblem(requestReport(tenantKey, now, now.minusSeconds(1)), 400);
        assertProblem(requestReport(tenantKey, now.minus(Duration.ofDays(367)), now), 400);
        assertProblem(api.post(REPORTS, tenantKey, BaseplateApi.json(Map.of("from", now.toString()))), 400);
        assertProblem(api.post(REPORTS, tenantKey, BaseplateApi.json(Map.of("from", "yesterday", "to", now.toString()))), 400);
    }

    /**
     * {@code POST /api/v1/reports/payments}, once the plugin's route is served: the default feature installs
     * the plugin beside the gateways the support class waits for, and the REST whiteboard adds its route a moment later.
     */
    private BaseplateApi.Reply requestReport(String tenantKey, Instant from, Instant to) throws Exception {
        String body = BaseplateApi.json(Map.of("from", from.toString(), "to", to.toString()));
        AtomicReference<BaseplateApi.Reply> reply = new AtomicReference<>();
        awaitCondition("the report route to be served", CHANGE_VISIBLE, () -> {
            reply.set(api.post(REPORTS, tenantKey, body));
            return reply.get().status() != 404;
        });
        return reply.get();
    }

    private BaseplateApi.Reply payment(String tenantKey, long amount, String currency, String reference, String token) {
        return api.post("/api/v1/payments", tenantKey, BaseplateApi.payment(amount, currency, reference, token),
                BaseplateApi.IDEMPOTENCY_KEY, UUID.randomUUID().toString());
    }

    /** The CSV line the report must hold for a payment the API answered with, escaped and neutralised as the plugin does. */
    private static String csvRowOf(BaseplateApi.Reply payment) {
        expectStatus(payment, 201);
        JsonNode json = payment.json();
        String reference = json.path("reference").asText();
        if ("=+-@".indexOf(reference.charAt(0)) >= 0) {
            reference = "'" + reference;
        }
        if (reference.contains(",") || reference.contains("\"")) {
            reference = "\"" + reference.replace("\"", "\"\"") + "\"";
        }
        return String.join(",", json.path("id").asText(), Instant.parse(json.path("createdAt").asText()).toString(),
                json.path("amount").asText(), json.path("currency").asText(), json.path("status").asText(),
                json.path("gateway").asText(), reference);
    }

    private static void expectStatus(BaseplateApi.Reply reply, int status) {
        BaseplateApi.expectStatus(reply, status);
    }

    private static void assertProblem(BaseplateApi.Reply reply, int status) {
        assertEquals(reply.toString(), status, reply.status());
        assertEquals(reply.toString(), BaseplateApi.PROBLEM_JSON, reply.contentType());
        assertEquals(status, reply.json().path("status").asInt());
    }
}
