package org.mpactivation.application;

import org.mpactivation.port.out.PasswordHasher;

/** A cheap, deterministic stand-in for Argon2id where a test hashes often or compares runs. */
public final class FastPasswordHasher implements PasswordHasher {

    @Override
    public String hash(String password) {
        return "test-hash$" + SigningKey.digest(password);
    }

    @Override
    public boolean matches(String password, String hash) {
        return hash(password).equals(hash);
    }
}
