package io.baseplate.tenancy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void generatedKeysReadKindPrefixAndA256BitSecret() {
        ApiKeys.Generated generated = ApiKeys.generate(ApiKeys.TENANT_KEY);
        String key = generated.key();
        assertTrue(generated.prefix().matches("[a-z0-9]{8}"), generated.prefix());
        assertTrue(key.startsWith("bp_" + generated.prefix() + "_"), key);
        assertEquals(3 + 8 + 1 + 43, key.length(), "32 bytes in unpadded base64url are 43 characters");
        assertNotEquals(key, ApiKeys.generate(ApiKeys.TENANT_KEY).key());
        assertTrue(ApiKeys.generate(ApiKeys.ADMIN_KEY).key().startsWith("bpa_"));
    }

    @Test
    void thePrefixIsReadBackFromAPresentedKey() {
        ApiKeys.Generated tenant = ApiKeys.generate(ApiKeys.TENANT_KEY);
        ApiKeys.Generated admin = ApiKeys.generate(ApiKeys.ADMIN_KEY);
        assertEquals(tenant.prefix(), ApiKeys.prefixOf(tenant.key()));
        assertEquals(admin.prefix(), ApiKeys.prefixOf(admin.key()));
    }

    @Test
    void keysWithoutAPrefixHaveNone() {
        assertNull(ApiKeys.prefixOf(null));
        assertNull(ApiKeys.prefixOf("bp_Zq3-someOldKeyWithoutPrefix_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
        assertNull(ApiKeys.prefixOf("bpa_test_0123456789abcdef0123456789abcdef"));
        assertNull(ApiKeys.prefixOf("bp_abcdefgh_"));
        assertNull(ApiKeys.prefixOf("bp_ABCDEFGH_secret"));
        assertNull(ApiKeys.prefixOf("not a key"));
    }

    @Test
    void theStoredHashIsStableAndIsNotTheKey() {
        String key = ApiKeys.generate(ApiKeys.TENANT_KEY).key();
        assertEquals(ApiKeys.hash(key), ApiKeys.hash(key));
        assertTrue(ApiKeys.hash(key).matches("[0-9a-f]{64}"));
        assertNotEquals(ApiKeys.hash(key), ApiKeys.hash(key + "x"));
    }
}
