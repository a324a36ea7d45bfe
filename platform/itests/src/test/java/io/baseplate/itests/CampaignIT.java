package io.baseplate.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;


import jakarta.mail.internet.MimeMessage;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Campaigns to a real SMTP server (GreenMail in the container): 50,000 recipients uploaded as CSV in parts
 * under the body size limit, sent at a rate as one batch, with progress visible while it runs; and the
 * API's refusals.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CampaignIT extends BaseplateTestSupport {

    private static final int RECIPIENTS = 50_000;
    private static final int PER_PART = 1_500;

    /** 50,000 emails take about 3 minutes on this 2-core machine; the 9-minute wait leaves room for a busier one. */
    @Override
    protected long testTimeoutSeconds() {
        return 720;
    }

    @Override
    protected Option[] additionalOptions() {
        return new Option[] {mavenBundle("com.icegreen", "greenmail").versionAsInProject()};
    }

    @Test
    public void aCampaignOf50000EmailsCompletesAndShowsItsProgressWhileItRuns() throws Exception {
        // GreenMail logs each new mailbox at INFO: 50,000 lines in the build's output otherwise.
        System.setProperty("org.slf4j.simpleLogger.log.com.icegreen.greenmail", "warn");
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            pointMailAt(smtp.getSmtp().getPort(), "offers@it.example");
            configureJobWorker("queueThreads", new String[] {"email=8"});
            String tenantKey = newTenantKey();
            String campaign = createCampaign(tenantKey, 5_000);
            for (int first = 0; first < RECIPIENTS; first += PER_PART) {
                StringBuilder csv = new StringBuilder("email,name\n");
                for (int i = first; i < Math.min(RECIPIENTS, first + PER_PART); i++) {
                    csv.append("reader").append(i).append("@it.example,\"Reader ").append(i).append("\"\n");
                }
                BaseplateApi.expectStatus(api.postAs("/api/v1/campaigns/" + campaign + "/recipients", tenantKey,
                        "text/csv", csv.toString()), 200);
            }
            BaseplateApi.Reply started = api.call("POST", "/api/v1/campaigns/" + campaign + "/start", tenantKey, null);
            BaseplateApi.expectStatus(started, 202);
            assertEquals(RECIPIENTS, started.json().path("recipients").asInt());
            assertEquals("STARTING", started.json().path("status").asText());

            List<String> midway = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(9).toNanos();
            BaseplateApi.Reply progress;
            do {
                Thread.sleep(1_000);
                progress = api.get("/api/v1/campaigns/" + campaign, tenantKey);
                BaseplateApi.expectStatus(progress, 200);
                int sent = progress.json().path("sent").asInt();
                if (sent > 0 && sent < RECIPIENTS) {
                    midway.add(progress.body());
                    assertEquals("SENDING", progress.json().path("status").asText());
                    assertTrue(progress.body(), progress.json().path("queued").asInt() > 0);
                    assertTrue(progress.body(), progress.json().path("etaSeconds").asLong() >= 0);
                }
            } while (!"DONE".equals(progress.json().path("status").asText()) && System.nanoTime() < deadline);
            assertEquals(progress.body(), "DONE", progress.json().path("status").asText());
            assertEquals(progress.body(), RECIPIENTS, progress.json().path("sent").asInt());
            assertEquals(progress.body(), 0, progress.json().path("failed").asInt());
            assertTrue("progress was seen while the campaign ran", midway.size() >= 2);

            // The other test's campaign may also reach this server once its retry finds it: count this campaign's.
            List<MimeMessage> received = new ArrayList<>();
            for (MimeMessage message : smtp.getReceivedMessages()) {
                if (message.getAllRecipients()[0].toString().startsWith("reader")) {
                    received.add(message);
                }
            }
            assertEquals(RECIPIENTS, received.size());
            Set<String> recipients = new HashSet<>();
            for (MimeMessage message : received) {
                recipients.add(message.getAllRecipients()[0].toString());
            }
            assertEquals("each recipient exactly once", RECIPIENTS, recipients.size());
            MimeMessage one = received.get(0);
            String to = one.getAllRecipients()[0].toString();
            String number = to.substring("reader".length(), to.indexOf('@'));
            assertEquals("Spring offer for Reader " + number, one.getSubject());
        } finally {
            smtp.stop();
        }
    }

    @Test
    public void badRecipientsAddNothingAndACampaignStartsOnceForItsOwnTenantOnly() throws Exception {
        String tenantKey = newTenantKey();
        String campaign = createCampaign(tenantKey, 10);
        String recipients = "/api/v1/campaigns/" + campaign + "/recipients";

        BaseplateApi.Reply noEmailColumn = api.postAs(recipients, tenantKey, "text/csv", "address,name\na@it.example,A\n");
        assertEquals(noEmailColumn.toString(), 400, noEmailColumn.status());
        assertThat(noEmailColumn.body(), containsString("'email' column"));
        BaseplateApi.Reply badAddress = api.postAs(recipients, tenantKey, "text/csv",
                "email,name\ngood@it.example,Good\nnot-an-address,Bad\n");
        assertEquals(badAddress.toString(), 400, badAddress.status());
        assertThat(badAddress.body(), containsString("none was added"));
        BaseplateApi.Reply injected = api.call("POST", recipients, tenantKey,
                "{\"recipients\": [{\"email\": \"a@it.example\\r\\nBcc: all@it.example\"}]}");
        assertEquals(injected.toString(), 400, injected.status());
        BaseplateApi.Reply empty = api.call("POST", "/api/v1/campaigns/" + campaign + "/start", tenantKey, null);
        assertEquals("no recipients yet: " + empty, 409, empty.status());

        BaseplateApi.Reply added = api.call("POST", recipients, tenantKey,
                "{\"recipients\": [{\"email\": \"a@it.example\", \"fields\": {\"name\": \"A\"}}]}");
        BaseplateApi.expectStatus(added, 200);
        assertEquals(1, added.json().path("recipients").asInt());
        assertEquals(404, api.get("/api/v1/campaigns/" + campaign, newTenantKey()).status());

        BaseplateApi.expectStatus(api.call("POST", "/api/v1/campaigns/" + campaign + "/start", tenantKey, null), 202);
        BaseplateApi.Reply again = api.call("POST", "/api/v1/campaigns/" + campaign + "/start", tenantKey, null);
        assertEquals(again.toString(), 409, again.status());
        BaseplateApi.Reply late = api.call("POST", recipients, tenantKey, "{\"recipients\": [{\"email\": \"b@it.example\"}]}");
        assertEquals(late.toString(), 409, late.status());
    }

    private String createCampaign(String tenantKey, int ratePerSecond) {
        BaseplateApi.Reply created = api.post("/api/v1/campaigns", tenantKey, BaseplateApi.json(Map.of(
                "name", "spring", "subject", "Spring offer for {{name}}", "body", "Dear {{name}}, this is for {{email}}.",
                "ratePerSecond", ratePerSecond)));
        BaseplateApi.expectStatus(created, 201);
        return created.json().path("id").asText();
    }

}
