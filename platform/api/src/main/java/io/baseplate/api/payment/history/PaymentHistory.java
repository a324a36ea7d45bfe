package io.baseplate.api.payment.history;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads a tenant's payments, for bundles that may not read the payments bundle's tables (reports,
 * exports). Payments come in the order they were created, a page at a time, so a long range never sits
 * in memory at once: pass the {@link PaymentPage#nextCursor()} of one page to get the next, until it is
 * null.
 *
 * <pre>
 * String cursor = null;
 * do {
 *     PaymentPage page = history.created(tenantId, from, to, cursor, 500);
 *     page.payments().forEach(this::write);
 *     cursor = page.nextCursor();
 * } while (cursor != null);
 * </pre>
 *
 * Paging is by position (created time, then id), not by offset: a payment taken while a range is being
 * read neither shifts nor repeats the rows of later pages.
 */
@ProviderType
public interface PaymentHistory {

    /** The largest page {@link #created} returns; a larger {@code pageSize} is served in pages of this size. */
    int MAX_PAGE_SIZE = 1000;

    /**
     * One page of the tenant's payments created at or after {@code from} and before {@code to}, oldest first
     * (payments created in the same microsecond in id order).
     *
     * @param tenantId the tenant; never null
     * @param from     the first instant of the range, inclusive
     * @param to       the end of the range, exclusive
     * @param cursor   null for the first page, else the {@link PaymentPage#nextCursor()} of the previous page
     *                 of the same range
     * @param pageSize how many payments at most, at least 1
     * @return the page; its {@code nextCursor} is null when the range has no more payments
     * @throws IllegalArgumentException when {@code from} is not before {@code to}, the page size is below 1,
     *                                  or the cursor was not issued by this service
     */
    PaymentPage created(String tenantId, Instant from, Instant to, String cursor, int pageSize);
}
