package org.mpactivation.application;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's secret, used for HMAC-SHA256 signatures: session cookies, CSRF tokens, e-mail code
 * hashes, and ids derived from marketplace tokens. Every use names its purpose, so a value signed
 * for one purpose is worthless for another.
 */
public final class SigningKey {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private final byte[] key;

    public SigningKey(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the signing secret must have at least 32 bytes");
        }
        this.key = key.clone();
    }

    /** From a base64 (standard or URL-safe) secret of at least 32 bytes. */
    public static SigningKey fromBase64(String secret) {
        String normalized = secret.strip().replace('-', '+').replace('_', '/');
        return new SigningKey(Base64.getDecoder().decode(normalized));
    }

    /** URL-safe HMAC of {@code purpose} and {@code parts}, separated unambiguously. */
    public String sign(String purpose, String... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            for (String part : parts) {
                mac.update((byte) 0);
                mac.update(part.getBytes(StandardCharsets.UTF_8));
            }
            return URL.encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time comparison of a presented signature with the expected one. */
    public boolean verify(String presented, String purpose, String... parts) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                sign(purpose, parts).getBytes(StandardCharsets.UTF_8));
    }

    /** A plain SHA-256 digest (for secrets that are random and long, such as browser keys). */
    public static String digest(String value) {
        try {
            return URL.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[redacted]";
    }
}
