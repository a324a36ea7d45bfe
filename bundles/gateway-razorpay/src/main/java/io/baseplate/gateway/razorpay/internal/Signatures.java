package io.baseplate.gateway.razorpay.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Razorpay's signatures: the lower-case hex HMAC-SHA256 of a message, keyed with a secret. */
final class Signatures {

    private Signatures() {
    }

    static String hmacSha256Hex(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java runtime has HmacSHA256", e);
        }
    }

    /** Whether {@code given} is the signature of {@code message}, compared in constant time. */
    static boolean matches(String secret, byte[] message, String given) {
        byte[] expected = hmacSha256Hex(secret, message).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = given.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }
}
