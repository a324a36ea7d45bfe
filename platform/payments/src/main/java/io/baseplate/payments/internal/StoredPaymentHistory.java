package io.baseplate.payments.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.payment.history.PaymentHistory;
import io.baseplate.api.payment.history.PaymentPage;
import io.baseplate.api.payment.history.PaymentRecord;
import io.baseplate.api.persistence.Persistence;

/**
 * {@link PaymentHistory} over PAYMENTS, read in the tenant's scope. Pages are keyset pages on
 * (CREATED_AT, ID), which the index of V3 serves, so a page deep in a long range costs what the first does.
 */
@Component
public class StoredPaymentHistory implements PaymentHistory {

    /** Rows after the cursor's position, within the range; the first page's cursor is (from, ""), before every id. */
    private static final String PAGE = "SELECT p FROM PaymentEntity p WHERE p.createdAt >= :from AND p.createdAt < :to "
            + "AND (p.createdAt > :afterCreated OR (p.createdAt = :afterCreated AND p.id > :afterId)) "
            + "ORDER BY p.createdAt, p.id";
    private static final char CURSOR_SEPARATOR = '/';

    private final Persistence persistence;

    @Activate
    public StoredPaymentHistory(@Reference Persistence persistence) {
        this.persistence = persistence;
    }

    @Override
    public PaymentPage created(String tenantId, Instant from, Instant to, String cursor, int pageSize) {
        Objects.requireNonNull(tenantId, "tenantId");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("The range must start before it ends: " + from + " to " + to);
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("A page holds at least one payment, not " + pageSize);
        }
        int limit = Math.min(pageSize, MAX_PAGE_SIZE);
        Position after = cursor == null ? new Position(from, "") : Position.parse(cursor);
        List<PaymentRecord> payments = persistence.inTenant(tenantId, em -> em.createQuery(PAGE, PaymentEntity.class)
                .setParameter("from", from).setParameter("to", to)
                .setParameter("afterCreated", after.createdAt()).setParameter("afterId", after.id())
                // One more than asked tells whether another page follows without a second query.
                .setMaxResults(limit + 1)
                .getResultStream().map(StoredPaymentHistory::record).toList());
        if (payments.size() <= limit) {
            return new PaymentPage(payments, null);
        }
        List<PaymentRecord> page = payments.subList(0, limit);
        PaymentRecord last = page.get(limit - 1);
        return new PaymentPage(page, new Position(last.createdAt(), last.id()).toCursor());
    }

    private static PaymentRecord record(PaymentEntity payment) {
        return new PaymentRecord(payment.getId(), payment.getCreatedAt(), payment.getAmount(), payment.getCurrency(),
                payment.getStatus().name(), payment.getGateway(), payment.getReference());
    }

    /** The last payment a page returned; the next page starts after it. */
    private record Position(Instant createdAt, String id) {

        String toCursor() {
            return createdAt + String.valueOf(CURSOR_SEPARATOR) + id;
        }

        static Position parse(String cursor) {
            int separator = cursor.indexOf(CURSOR_SEPARATOR);
            if (separator < 1) {
                throw new IllegalArgumentException("Not a payment history cursor: " + cursor);
            }
            try {
                return new Position(Instant.parse(cursor.substring(0, separator)), cursor.substring(separator + 1));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Not a payment history cursor: " + cursor, e);
            }
        }
    }
}
