package io.baseplate.api.security;

import org.osgi.annotation.versioning.ProviderType;

/** Resolves a presented API key to its caller; provided by the platform, used by its authentication filter. */
@ProviderType
public interface ApiKeyAuthenticator {

    /** The request header that carries a key; {@code Authorization: Bearer <key>} is accepted too. */
    String HEADER = "X-Api-Key";

    /** The outcome of presenting a key. */
    sealed interface Outcome permits Accepted, Refused {
    }

    /** The key is valid: here is its caller. */
    record Accepted(Caller caller) implements Outcome {
    }

    /**
     * The key is refused: 401 when it is missing, unknown, revoked or expired; 403 when it is valid but its
     * tenant is suspended.
     *
     * @param keyPrefix the presented key's public prefix when it has one, for the audit trail
     */
    record Refused(int status, String detail, String keyPrefix, String tenantId) implements Outcome {
    }

    /** @param apiKey the key as presented, or null when the request carried none */
    Outcome authenticate(String apiKey);
}
