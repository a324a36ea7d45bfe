package io.baseplate.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.baseplate.api.payment.SandboxProcessor;

/**
 * A captured payment's receipt reaches a real SMTP server: GreenMail, run in the container (the test JVM)
 * on a free port, with the platform's {@code io.baseplate.mail} configuration pointed at it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReceiptEmailIT extends BaseplateTestSupport {

    private static final String TEMPLATE = "/api/v1/email-templates/receipt";

    /** GreenMail and its mail implementation come from the distribution's Jakarta Mail and Angus bundles. */
    @Override
    protected Option[] additionalOptions() {
        return new Option[] {mavenBundle("com.icegreen", "greenmail").versionAsInProject()};
    }

    /**
     * Payments take no customer email (unknown fields are refused), so the receipt goes to the tenant's
     * default receipt address, set with its template.
     */
    @Test
    public void aCapturedPaymentSendsExactlyOneReceiptEmail() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            int port = smtp.getSmtp().getPort();
            pointMailAt(port, "receipts@it.example");

            String tenantKey = newTenantKey();
            BaseplateApi.Reply template = api.call("PUT", TEMPLATE, tenantKey, BaseplateApi.json(Map.of(
                    "subject", "Your receipt for {{paymentId}}",
                    "body", "Paid {{amount}} {{currency}} for {{reference}}.",
                    "defaultRecipient", "accounts@it.example")));
            BaseplateApi.expectStatus(template, 200);

            String idempotencyKey = UUID.randomUUID().toString();
            BaseplateApi.Reply payment = api.pay(tenantKey, idempotencyKey, 49900, "INR", SandboxProcessor.APPROVE);
            assertCaptured(payment, "razorpay");
            String paymentId = payment.json().path("id").asText();

            awaitCondition("the SendReceipt job to succeed", CHANGE_VISIBLE, () -> succeededReceiptJob(tenantKey, "id") != null);
            assertThat(succeededReceiptJob(tenantKey, "result"), containsString("sent to accounts@it.example"));

            MimeMessage[] received = smtp.getReceivedMessages();
            assertEquals("one capture, one email", 1, received.length);
            MimeMessage receipt = received[0];
            assertEquals("<" + succeededReceiptJob(tenantKey, "id") + "@baseplate>", receipt.getMessageID());
            assertEquals("accounts@it.example", receipt.getAllRecipients()[0].toString());
            assertEquals("Your receipt for " + paymentId, receipt.getSubject());
            assertThat(new String(receipt.getRawInputStream().readAllBytes(), "UTF-8"),
                    containsString("Paid 499.00 INR for order-" + idempotencyKey + "."));
        } finally {
            smtp.stop();
        }
    }

    /** The handler's policy retries after 2.5 to 5 s first, then after 5 to 10 s. */
    @Test
    public void aReceiptWhoseServerIsDownIsRetriedAndSentOnceItIsBack() throws Exception {
        int port = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        pointMailAt(port, "receipts@it.example");
        String tenantKey = newTenantKey();
        BaseplateApi.expectStatus(api.call("PUT", TEMPLATE, tenantKey, template("Receipt {{paymentId}}", "accounts@it.example")), 200);

        assertCaptured(pay(tenantKey, "INR"), "razorpay");
        awaitCondition("a failed first attempt", CHANGE_VISIBLE, () -> !"".equals(receiptJobField(tenantKey, "lastError")));
        smtp.start();
        try {
            awaitCondition("the retried SendReceipt job to succeed", Duration.ofSeconds(60),
                    () -> "SUCCEEDED".equals(receiptJobField(tenantKey, "status")));
            assertEquals(1, smtp.getReceivedMessages().length);
            assertEquals("<" + receiptJobField(tenantKey, "id") + "@baseplate>", smtp.getReceivedMessages()[0].getMessageID());
        } finally {
            smtp.stop();
        }
    }

    @Test
    public void theTemplateRouteKeepsEachTenantsTemplateAndRefusesHeaderInjection() {
        String tenantKey = newTenantKey();
        BaseplateApi.Reply builtIn = api.get(TEMPLATE, tenantKey);
        BaseplateApi.expectStatus(builtIn, 200);
        assertEquals(builtIn.toString(), true, builtIn.json().path("builtIn").asBoolean());

        assertBadRequest(api.call("PUT", TEMPLATE, tenantKey, template("Receipt\r\nBcc: victim@example.com", "accounts@it.example")));
        assertBadRequest(api.call("PUT", TEMPLATE, tenantKey, template("Receipt", "accounts@it.example\nBcc: victim@example.com")));
        assertBadRequest(api.call("PUT", TEMPLATE, tenantKey, template("Receipt", "not an address")));
        assertBadRequest(api.call("PUT", TEMPLATE, tenantKey, "{\"subject\": \"Receipt\"}"));

        BaseplateApi.expectStatus(api.call("PUT", TEMPLATE, tenantKey, template("Receipt {{paymentId}}", "accounts@it.example")), 200);
        BaseplateApi.Reply saved = api.get(TEMPLATE, tenantKey);
        assertEquals(saved.toString(), "Receipt {{paymentId}}", saved.json().path("subject").asText());
        assertEquals(saved.toString(), "accounts@it.example", saved.json().path("defaultRecipient").asText());
        assertEquals(saved.toString(), false, saved.json().path("builtIn").asBoolean());
        assertEquals("another tenant keeps the built-in template", true, api.get(TEMPLATE, newTenantKey()).json().path("builtIn").asBoolean());
    }

    private static String template(String subject, String defaultRecipient) {
        return BaseplateApi.json(Map.of("subject", subject, "body", "Paid {{amount}} {{currency}}.", "defaultRecipient", defaultRecipient));
    }

    private static void assertBadRequest(BaseplateApi.Reply reply) {
        assertEquals(reply.toString(), 400, reply.status());
        assertEquals(reply.toString(), BaseplateApi.PROBLEM_JSON, reply.contentType());
    }

    /** A field of the tenant's SendReceipt job ("" while it has none), which must not be DEAD. */
    private String receiptJobField(String tenantKey, String field) {
        BaseplateApi.Reply jobs = api.get("/api/v1/jobs", tenantKey);
        BaseplateApi.expectStatus(jobs, 200);
        for (JsonNode job : jobs.json().path("items")) {
            if ("SendReceipt".equals(job.path("type").asText())) {
                assertThat("the receipt job failed for good: " + job, job.path("status").asText(), not("DEAD"));
                return job.path(field).asText("");
            }
        }
        return "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * A field of the tenant's succeeded SendReceipt job, or null while there is none. Strings only: JUnit
     * reflects this class outside the container, where Jackson is not on the class path.
     */
    private String succeededReceiptJob(String tenantKey, String field) {
        BaseplateApi.Reply jobs = api.get("/api/v1/jobs", tenantKey);
        BaseplateApi.expectStatus(jobs, 200);
        for (JsonNode job : jobs.json().path("items")) {
            if ("SendReceipt".equals(job.path("type").asText())) {
                assertThat("the receipt job failed: " + job, job.path("status").asText(), not("DEAD"));
                if ("SUCCEEDED".equals(job.path("status").asText())) {
                    return job.path(field).asText();
                }
            }
        }
        return null;
    }
}
