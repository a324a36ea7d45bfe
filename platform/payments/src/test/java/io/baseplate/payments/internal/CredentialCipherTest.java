package io.baseplate.payments.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tenants' gateway secrets sealed at rest with AES-256-GCM, bound to tenant and gateway, under one master key. */
class CredentialCipherTest {

    private static final String SECRET = "sk_live_51HqLyjWDarjtT1zdp7dc";
    private static final String ACME_STRIPE = "acme/stripe";

    private final byte[] key = randomKey();
    private final CredentialCipher cipher = new CredentialCipher(key);

    @Test
    void aSealedSecretOpensWithTheSameAssociatedData() {
        String sealed = cipher.encrypt(SECRET, ACME_STRIPE);

        assertEquals(SECRET, cipher.decrypt(sealed, ACME_STRIPE));
        assertEquals("", cipher.decrypt(cipher.encrypt("", ACME_STRIPE), ACME_STRIPE));
        String unicode = "clé-𝄞-ключ";
        assertEquals(unicode, cipher.decrypt(cipher.encrypt(unicode, ACME_STRIPE), ACME_STRIPE));
    }

    @Test
    void everySealingUsesAFreshNonceAndShowsNoPlaintext() {
        String first = cipher.encrypt(SECRET, ACME_STRIPE);
        String second = cipher.encrypt(SECRET, ACME_STRIPE);

        assertNotEquals(first, second, "the same secret sealed twice must differ: a fresh nonce each time");
        for (String sealed : List.of(first, second)) {
            assertFalse(sealed.contains(SECRET));
            assertFalse(sealed.contains(Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8))));
            assertTrue(sealed.startsWith("v1:" + keyId(key) + ":"), sealed);
        }
        byte[] nonceOfFirst = java.util.Arrays.copyOf(Base64.getDecoder().decode(first.split(":", 3)[2]), 12);
        byte[] nonceOfSecond = java.util.Arrays.copyOf(Base64.getDecoder().decode(second.split(":", 3)[2]), 12);
        assertFalse(java.util.Arrays.equals(nonceOfFirst, nonceOfSecond));
    }

    @Test
    void aSecretCopiedToAnotherTenantDoesNotOpen() {
        String sealed = cipher.encrypt(SECRET, ACME_STRIPE);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> cipher.decrypt(sealed, "globex/stripe"));
        assertTrue(e.getMessage().contains("altered or moved"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> cipher.decrypt(sealed, "acme/razorpay"));
    }

    @Test
    void aTamperedCiphertextDoesNotOpen() {
        String sealed = cipher.encrypt(SECRET, ACME_STRIPE);
        String[] parts = sealed.split(":", 3);
        byte[] bytes = Base64.getDecoder().decode(parts[2]);
        for (int position : new int[] {0, 12, bytes.length - 1}) {
            byte[] tampered = bytes.clone();
            tampered[position] ^= 0x01;
            String altered = parts[0] + ":" + parts[1] + ":" + Base64.getEncoder().encodeToString(tampered);

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> cipher.decrypt(altered, ACME_STRIPE), "flipped bit at byte " + position);
            assertTrue(e.getMessage().contains("altered"), e.getMessage());
        }
    }

    @Test
    void aCiphertextCutShortFailsAsAlteredNotWithAnArgumentError() {
        String sealed = cipher.encrypt(SECRET, ACME_STRIPE);
        String[] parts = sealed.split(":", 3);
        String cut = parts[0] + ":" + parts[1] + ":" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});

        assertThrows(IllegalStateException.class, () -> cipher.decrypt(cut, ACME_STRIPE));
        assertThrows(IllegalStateException.class, () -> cipher.decrypt("not a credential", ACME_STRIPE));
    }

    @Test
    void anotherMasterKeySaysWhichKeysDiffer() {
        String sealed = cipher.encrypt(SECRET, ACME_STRIPE);
        byte[] otherKey = randomKey();
        CredentialCipher other = new CredentialCipher(otherKey);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.decrypt(sealed, ACME_STRIPE));
        assertTrue(e.getMessage().contains(keyId(key)), e.getMessage());
        assertTrue(e.getMessage().contains(keyId(otherKey)), e.getMessage());
        assertTrue(e.getMessage().contains(CredentialCipher.KEY_VARIABLE), e.getMessage());
    }

    @Test
    void aKeyOfAnotherLengthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CredentialCipher(new byte[16]));
    }

    @Test
    void theKeyComesFromTheEnvironmentFirst(@TempDir Path home) throws IOException {
        Path config = home.resolve("config");

        byte[] loaded = CredentialCipher.loadKey(
                Map.of(CredentialCipher.KEY_VARIABLE, " " + Base64.getEncoder().encodeToString(key) + "\n"), config);

        assertArrayEquals(key, loaded);
        assertFalse(Files.exists(config.resolve(CredentialCipher.KEY_FILE)), "no key file when the environment has the key");
    }

    @Test
    void withoutTheVariableAKeyFileIsGeneratedOwnerOnlyAndReused(@TempDir Path home) throws IOException {
        Path config = home.resolve("config");

        byte[] first = CredentialCipher.loadKey(Map.of(), config);
        Path file = config.resolve(CredentialCipher.KEY_FILE);

        assertEquals(32, first.length);
        assertTrue(Files.isRegularFile(file));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        assertArrayEquals(first, Base64.getDecoder().decode(Files.readString(file).trim()));
        try (Stream<Path> files = Files.list(config)) {
            assertEquals(List.of(file), files.toList(), "the file written aside is moved in, not left behind");
        }

        byte[] second = CredentialCipher.loadKey(Map.of(CredentialCipher.KEY_VARIABLE, " "), config);
        assertArrayEquals(first, second, "the second start reads the generated key");
        assertEquals(SECRET, new CredentialCipher(second).decrypt(new CredentialCipher(first).encrypt(SECRET,
                ACME_STRIPE), ACME_STRIPE));
    }

    private static byte[] randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String keyId(byte[] keyBytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(keyBytes), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
