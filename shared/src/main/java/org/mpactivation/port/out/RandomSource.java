package org.mpactivation.port.out;

/** Unpredictable values: identifiers, secrets and e-mail codes. */
public interface RandomSource {

    /** A fresh identifier, URL-safe, at least 128 bits of randomness. */
    String newId();

    /** A URL-safe secret of {@code bytes} random bytes. */
    String secret(int bytes);

    /** A six-digit e-mail code, each digit uniformly random. */
    String sixDigitCode();
}
