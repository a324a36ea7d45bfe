package io.baseplate.payments.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts tenants' gateway secrets at rest with AES-256-GCM. The master key is never in the database:
 * it comes from the environment variable {@value #KEY_VARIABLE} (Base64 of 32 bytes), or else from the
 * key file {@code config/}{@value #KEY_FILE} under the platform's home, which is created with owner-only
 * permissions on the first start when neither exists. Nodes of a cluster must share the same key.
 *
 * <p>A ciphertext is {@code v1:<key id>:<Base64 of nonce and sealed bytes>}; the key id (the first bytes
 * of the key's SHA-256) tells a wrong key from tampering. The associated data binds a ciphertext to its
 * tenant and gateway, so a row copied to another tenant does not decrypt.
 */
@Component(service = CredentialCipher.class)
public class CredentialCipher {

    static final String KEY_VARIABLE = "BASEPLATE_MASTER_KEY";
    static final String KEY_FILE = "master.key";
    private static final Logger LOG = LoggerFactory.getLogger(CredentialCipher.class);
    private static final String FORMAT = "v1";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public CredentialCipher(BundleContext context) throws IOException {
        this(loadKey(System.getenv(), configDirectory(context)));
    }

    CredentialCipher(byte[] keyBytes) {
        if (keyBytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("The master key must be " + KEY_BYTES + " bytes, not " + keyBytes.length);
        }
        this.key = new SecretKeySpec(keyBytes, "AES");
        this.keyId = keyId(keyBytes);
    }

    /** Seals a secret for one tenant's gateway. */
    public String encrypt(String plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return FORMAT + ":" + keyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Opens a secret sealed by {@link #encrypt} with the same associated data.
     *
     * @throws IllegalStateException when it was sealed under another master key, or was altered
     */
    public String decrypt(String ciphertext, String associatedData) {
        String[] parts = ciphertext.split(":", 3);
        if (parts.length != 3 || !FORMAT.equals(parts[0])) {
            throw new IllegalStateException("Not a sealed credential");
        }
        if (!keyId.equals(parts[1])) {
            throw new IllegalStateException("A credential was sealed under master key " + parts[1]
                    + ", not the configured key " + keyId + "; set " + KEY_VARIABLE + " or config/" + KEY_FILE);
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException("A sealed credential does not open: it was altered or moved");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / Byte.SIZE) {
            throw new IllegalStateException("A sealed credential does not open: it was altered or moved");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A sealed credential does not open: it was altered or moved", e);
        }
    }

    static byte[] loadKey(Map<String, String> environment, Path configDirectory) throws IOException {
        String fromEnvironment = environment.get(KEY_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Base64.getDecoder().decode(fromEnvironment.trim());
        }
        Path file = configDirectory.resolve(KEY_FILE);
        if (!Files.exists(file)) {
            byte[] generated = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(generated);
            Files.createDirectories(configDirectory);
            // Written aside and moved in whole, so a node starting beside this one never reads half a key.
            Path written = Files.createTempFile(configDirectory, KEY_FILE, ".new",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(written, Base64.getEncoder().encodeToString(generated) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(written, file);
                LOG.warn("Generated the master key for gateway credentials in {}: back it up; without it the stored "
                        + "credentials cannot be read", file);
            } catch (FileAlreadyExistsException anotherNodeWroteIt) {
                Files.delete(written);
            }
        }
        return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
    }

    /** {@code <baseplate.home>/config}, or beside the data directory when no home is set (tests). */
    static Path configDirectory(BundleContext context) {
        String home = context.getProperty("baseplate.home");
        if (home != null) {
            return Path.of(home, "config");
        }
        String data = context.getProperty("baseplate.data.dir");
        if (data == null) {
            throw new IllegalStateException("Neither baseplate.home nor baseplate.data.dir is set");
        }
        return Path.of(data).toAbsolutePath().resolveSibling("config");
    }

    private static String keyId(byte[] keyBytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBytes);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
