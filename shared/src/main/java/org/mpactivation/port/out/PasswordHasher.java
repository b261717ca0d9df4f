package org.mpactivation.port.out;

/** Hashes and checks passwords (Argon2id in production). */
public interface PasswordHasher {

    String hash(String password);

    boolean matches(String password, String hash);
}
