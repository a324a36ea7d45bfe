package io.baseplate.audit.internal;

import java.time.Instant;
import java.util.List;

/**
 * A page of the trail, newest first.
 *
 * @param items the entries
 * @param next  the cursor of the next page, or null when this page is the last
 */
public record AuditPage(List<Item> items, String next) {

    /** One entry as {@code GET /api/v1/audit} shows it. */
    public record Item(String id, Instant at, String tenantId, String keyPrefix, String userId, String method,
            String route, int status, String client, long latencyMicros) {
    }
}
