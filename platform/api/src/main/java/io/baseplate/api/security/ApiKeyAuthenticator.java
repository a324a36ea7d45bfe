package io.baseplate.api.security;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Resolves an API key to its caller; provided by the platform, used by the {@link ApiKey} filter. */
@ProviderType
public interface ApiKeyAuthenticator {

    /** @return the caller the key belongs to, or empty when the key is unknown or revoked */
    Optional<Caller> authenticate(String apiKey);
}
