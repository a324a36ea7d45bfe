package io.baseplate.api.security;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where the platform's request gate records every attempt on a protected route. Recording never blocks
 * the request: entries are written in the background, and all of them are written before a graceful
 * shutdown completes.
 */
@ProviderType
public interface AuditTrail {

    void record(AuditEntry entry);
}
