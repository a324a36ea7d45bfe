package io.baseplate.report.csv.internal;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.command.Command;
import io.baseplate.api.command.CommandHandler;
import io.baseplate.api.command.CommandType;
import io.baseplate.api.payment.history.PaymentHistory;
import io.baseplate.api.payment.history.PaymentPage;
import io.baseplate.api.payment.history.PaymentRecord;

/**
 * Runs {@value #TYPE}: writes the tenant's payments created in [{@code from}, {@code to}) to the job's CSV
 * file in the {@link ReportFolder}, oldest first, one page of payments in memory at a time. Idempotent by
 * job id: a retried job writes the same file again, replacing what an earlier attempt wrote.
 */
@Component
@CommandType(PaymentsCsvReportHandler.TYPE)
public class PaymentsCsvReportHandler implements CommandHandler {

    static final String TYPE = "PaymentsCsvReport";
    /** Payload: the first instant of the range (ISO-8601), inclusive. */
    static final String FROM = "from";
    /** Payload: the end of the range (ISO-8601), exclusive. */
    static final String TO = "to";
    /** The longest range one report covers: a year, leap day included. */
    static final Duration MAX_RANGE = Duration.ofDays(366);
    static final List<String> HEADER = List.of("id", "created_at", "amount_minor", "currency", "status", "gateway", "reference");
    private static final int PAGE_SIZE = 500;

    private final PaymentHistory history;
    private final ReportFolder folder;

    @Activate
    public PaymentsCsvReportHandler(@Reference PaymentHistory history, @Reference ReportFolder folder) {
        this.history = history;
        this.folder = folder;
    }

    @Override
    public String execute(Command command) throws IOException {
        Instant from = instant(command.payload(), FROM);
        Instant to = instant(command.payload(), TO);
        requireValidRange(from, to);
        int rows = folder.write(command.tenantId(), command.id(), out -> writeCsv(out, command.tenantId(), from, to));
        return rows + " payment(s) created from " + from + " to " + to;
    }

    /** The header, then a row per payment; returns the number of payments. */
    private int writeCsv(Writer out, String tenantId, Instant from, Instant to) throws IOException {
        CsvWriter csv = new CsvWriter(out);
        csv.row(HEADER);
        int rows = 0;
        String cursor = null;
        do {
            PaymentPage page = history.created(tenantId, from, to, cursor, PAGE_SIZE);
            for (PaymentRecord payment : page.payments()) {
                csv.row(row(payment));
                rows++;
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return rows;
    }

    /**
     * The rule a report's range must follow: it starts before it ends and spans at most {@link #MAX_RANGE}.
     *
     * @throws IllegalArgumentException naming what is wrong, written for the caller
     */
    static void requireValidRange(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("'from' must be before 'to'");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("The range may span at most " + MAX_RANGE.toDays() + " days");
        }
    }

    static List<String> row(PaymentRecord payment) {
        return Arrays.asList(payment.id(), payment.createdAt().toString(), Long.toString(payment.amount()),
                payment.currency(), payment.status(), payment.gateway(), payment.reference());
    }

    private static Instant instant(Map<String, String> payload, String name) {
        String value = payload.get(name);
        if (value == null) {
            throw new IllegalArgumentException(TYPE + " command lacks '" + name + "'");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(TYPE + " command's '" + name + "' is not an ISO-8601 instant: " + value, e);
        }
    }
}
