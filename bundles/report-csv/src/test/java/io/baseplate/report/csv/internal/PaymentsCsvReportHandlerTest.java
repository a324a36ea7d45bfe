package io.baseplate.report.csv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.baseplate.api.command.Command;
import io.baseplate.api.payment.history.PaymentHistory;
import io.baseplate.api.payment.history.PaymentPage;
import io.baseplate.api.payment.history.PaymentRecord;

class PaymentsCsvReportHandlerTest {

    private static final String TENANT = UUID.randomUUID().toString();
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-02-01T00:00:00Z");
    private static final String HEADER = "id,created_at,amount_minor,currency,status,gateway,reference\r\n";

    @TempDir
    Path root;

    /** Serves its payments in pages of two, whatever page size is asked for, so every report spans pages. */
    private static final class TwoPerPage implements PaymentHistory {

        final List<PaymentRecord> payments;
        final List<String> asked = new ArrayList<>();

        TwoPerPage(List<PaymentRecord> payments) {
            this.payments = payments;
        }

        @Override
        public PaymentPage created(String tenantId, Instant from, Instant to, String cursor, int pageSize) {
            asked.add(tenantId + " " + from + " " + to + " " + cursor);
            int start = cursor == null ? 0 : Integer.parseInt(cursor);
            int end = Math.min(start + 2, payments.size());
            return new PaymentPage(payments.subList(start, end), end < payments.size() ? Integer.toString(end) : null);
        }
    }

    @Test
    void writesAHeaderAndARowPerPaymentAcrossPages() throws Exception {
        TwoPerPage history = new TwoPerPage(List.of(
                payment("p-1", "2026-01-02T10:00:00Z", 1000, "INR", "CAPTURED", "razorpay", "order-1"),
                payment("p-2", "2026-01-03T10:00:00.123456Z", 2550, "USD", "DECLINED", "stripe", null),
                payment("p-3", "2026-01-04T10:00:00Z", 99, "EUR", "CAPTURED", "stripe", "=cmd|' /C calc'!A0"),
                payment("p-4", "2026-01-05T10:00:00Z", 5, "EUR", "FAILED", "stripe", "ACME, Inc. \"rush\"")));
        ReportFolder folder = new ReportFolder(root);
        String jobId = UUID.randomUUID().toString();

        String result = new PaymentsCsvReportHandler(history, folder).execute(command(jobId, FROM.toString(), TO.toString()));

        assertEquals("4 payment(s) created from " + FROM + " to " + TO, result);
        assertEquals(HEADER
                + "p-1,2026-01-02T10:00:00Z,1000,INR,CAPTURED,razorpay,order-1\r\n"
                + "p-2,2026-01-03T10:00:00.123456Z,2550,USD,DECLINED,stripe,\r\n"
                + "p-3,2026-01-04T10:00:00Z,99,EUR,CAPTURED,stripe,'=cmd|' /C calc'!A0\r\n"
                + "p-4,2026-01-05T10:00:00Z,5,EUR,FAILED,stripe,\"ACME, Inc. \"\"rush\"\"\"\r\n",
                read(folder, jobId));
        assertEquals(List.of(TENANT + " " + FROM + " " + TO + " null", TENANT + " " + FROM + " " + TO + " 2"), history.asked,
                "pages are asked for the command's tenant and range, each after the previous one");
    }

    @Test
    void aRangeWithoutPaymentsGivesAHeaderOnly() throws Exception {
        ReportFolder folder = new ReportFolder(root);
        String jobId = UUID.randomUUID().toString();

        new PaymentsCsvReportHandler(new TwoPerPage(List.of()), folder).execute(command(jobId, FROM.toString(), TO.toString()));

        assertEquals(HEADER, read(folder, jobId));
    }

    @Test
    void aRetriedJobWritesTheSameFileAgain() throws Exception {
        List<PaymentRecord> payments = new ArrayList<>(List.of(payment("p-1", "2026-01-02T10:00:00Z", 1000, "INR", "PENDING", "razorpay", null)));
        ReportFolder folder = new ReportFolder(root);
        String jobId = UUID.randomUUID().toString();
        PaymentsCsvReportHandler handler = new PaymentsCsvReportHandler(new TwoPerPage(payments), folder);
        handler.execute(command(jobId, FROM.toString(), TO.toString()));

        payments.set(0, payment("p-1", "2026-01-02T10:00:00Z", 1000, "INR", "CAPTURED", "razorpay", null));
        handler.execute(new Command(jobId, TENANT, PaymentsCsvReportHandler.TYPE,
                Map.of("from", FROM.toString(), "to", TO.toString()), 2));

        assertEquals(HEADER + "p-1,2026-01-02T10:00:00Z,1000,INR,CAPTURED,razorpay,\r\n", read(folder, jobId));
    }

    @Test
    void aCommandWithoutAValidRangeFailsAndWritesNothing() {
        ReportFolder folder = new ReportFolder(root);
        PaymentsCsvReportHandler handler = new PaymentsCsvReportHandler(new TwoPerPage(List.of()), folder);
        String jobId = UUID.randomUUID().toString();

        assertThrows(IllegalArgumentException.class, () -> handler.execute(command(jobId, "yesterday", TO.toString())));
        assertThrows(IllegalArgumentException.class, () -> handler.execute(command(jobId, TO.toString(), FROM.toString())));
        assertThrows(IllegalArgumentException.class, () -> handler.execute(command(jobId, FROM.toString(), FROM.plusSeconds(367L * 86_400).toString())));
        assertThrows(IllegalArgumentException.class, () -> handler.execute(new Command(jobId, TENANT, PaymentsCsvReportHandler.TYPE,
                Map.of("from", FROM.toString()), 1)));
        assertEquals(ReportFolder.State.UNKNOWN, folder.state(TENANT, jobId));
    }

    private static Command command(String jobId, String from, String to) {
        return new Command(jobId, TENANT, PaymentsCsvReportHandler.TYPE, Map.of("from", from, "to", to), 1);
    }

    private static PaymentRecord payment(String id, String createdAt, long amount, String currency, String status,
                                         String gateway, String reference) {
        return new PaymentRecord(id, Instant.parse(createdAt), amount, currency, status, gateway, reference);
    }

    private static String read(ReportFolder folder, String jobId) throws IOException {
        try (InputStream in = folder.open(TENANT, jobId).orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
