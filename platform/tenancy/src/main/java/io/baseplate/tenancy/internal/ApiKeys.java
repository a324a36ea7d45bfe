package io.baseplate.tenancy.internal;

import java.security.SecureRandom;
import java.util.Base64;

import io.baseplate.core.support.Digests;

/**
 * Generates and hashes API keys. Keys carry 256 random bits, so a fast unsalted SHA-256 is enough
 * to make the stored hash useless to an attacker while keeping lookup by hash a single index probe.
 */
final class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String key) {
        return Digests.sha256Hex(key);
    }
}
