package org.mpactivation.adapter.security;

import java.security.SecureRandom;
import java.util.Base64;
import org.mpactivation.port.out.RandomSource;

/** Ids, secrets and codes from the platform's {@link SecureRandom}. */
public final class SecureRandomSource implements RandomSource {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private final SecureRandom random = new SecureRandom();

    @Override
    public String newId() {
        return secret(16);
    }

    @Override
    public String secret(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return URL.encodeToString(value);
    }

    @Override
    public String sixDigitCode() {
        return String.format("%06d", random.nextInt(1_000_000));
    }
}
