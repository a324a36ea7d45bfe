package io.baseplate.tenancy.internal;

import java.security.SecureRandom;
import java.util.Base64;

import io.baseplate.core.support.Digests;

/**
 * Generates, parses and hashes API keys. A key reads {@code bp_<prefix>_<secret>} ({@code bpa_} for the
 * platform admin): the prefix is 8 characters of {@code [a-z0-9]}, public, unique, shown in lists, logs
 * and audit entries; the secret is 256 random bits in unpadded base64url. Keys carry 256 random bits, so
 * a fast unsalted SHA-256 is enough to make the stored hash useless to an attacker while keeping lookup by
 * hash a single index probe. Keys issued before prefixes existed ({@code bp_<secret>}) keep working; their
 * prefix is the start of their id.
 */
final class ApiKeys {

    static final String TENANT_KEY = "bp_";
    static final String ADMIN_KEY = "bpa_";
    static final int PREFIX_LENGTH = 8;

    private static final String PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new key and its public prefix. */
    record Generated(String prefix, String key) {
    }

    private ApiKeys() {
    }

    static Generated generate(String kind) {
        StringBuilder prefix = new StringBuilder(PREFIX_LENGTH);
        for (int i = 0; i < PREFIX_LENGTH; i++) {
            prefix.append(PREFIX_ALPHABET.charAt(RANDOM.nextInt(PREFIX_ALPHABET.length())));
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new Generated(prefix.toString(),
                kind + prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The public prefix a presented key claims, or null when it has the shape of no key with one. */
    static String prefixOf(String presented) {
        if (presented == null) {
            return null;
        }
        String rest = presented.startsWith(ADMIN_KEY) ? presented.substring(ADMIN_KEY.length())
                : presented.startsWith(TENANT_KEY) ? presented.substring(TENANT_KEY.length()) : null;
        if (rest == null || rest.length() <= PREFIX_LENGTH + 1 || rest.charAt(PREFIX_LENGTH) != '_') {
            return null;
        }
        String prefix = rest.substring(0, PREFIX_LENGTH);
        return prefix.chars().allMatch(c -> PREFIX_ALPHABET.indexOf(c) >= 0) ? prefix : null;
    }

    static String hash(String key) {
        return Digests.sha256Hex(key);
    }
}
