package io.baseplate.audit.internal;

import java.time.Instant;

/**
 * A read of the trail, newest first. Every filter is optional (null).
 *
 * @param tenantId only this tenant's entries; null for entries of every tenant and of none
 * @param from     entries at or after this time
 * @param to       entries before this time
 * @param limit    at most this many entries
 * @param after    the end of the previous page, or null for the first page
 */
record AuditQuery(String tenantId, Instant from, Instant to, Integer status, String method, String route,
        String keyPrefix, String userId, int limit, AuditCursor after) {
}
