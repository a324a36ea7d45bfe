package io.baseplate.tenancy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void generatedKeysCarryTheirPrefixAnd256RandomBits() {
        String key = ApiKeys.generate("bp_");
        assertTrue(key.startsWith("bp_"));
        assertEquals(3 + 43, key.length(), "32 bytes in unpadded base64url are 43 characters");
        assertNotEquals(key, ApiKeys.generate("bp_"));
    }

    @Test
    void theStoredHashIsStableAndIsNotTheKey() {
        String key = ApiKeys.generate("bp_");
        assertEquals(ApiKeys.hash(key), ApiKeys.hash(key));
        assertTrue(ApiKeys.hash(key).matches("[0-9a-f]{64}"));
        assertNotEquals(ApiKeys.hash(key), ApiKeys.hash(key + "x"));
    }
}
