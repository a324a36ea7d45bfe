package io.baseplate.api.security;

import java.time.Instant;

/**
 * One attempt on a protected route, allowed or refused.
 *
 * @param at            when the request arrived
 * @param tenantId      the caller's tenant, or null for the platform admin and for refused keys of no known tenant
 * @param keyPrefix     the public prefix of the key presented, or null when none was
 * @param userId        the calling user, or null for service accounts, the platform admin and refused keys
 * @param method        the HTTP method
 * @param route         the route template ({@code /api/v1/payments/{id}}), or the path when no route matched
 * @param status        the response status
 * @param client        the client's address
 * @param latencyMicros from arrival to the response's completion
 */
public record AuditEntry(Instant at, String tenantId, String keyPrefix, String userId, String method, String route,
        int status, String client, long latencyMicros) {
}
