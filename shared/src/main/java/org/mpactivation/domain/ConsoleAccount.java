package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/** A login to the product's console. {@code passwordHash} is an Argon2id hash string. */
public record ConsoleAccount(String id, String username, String email, String passwordHash, String phone,
                             Instant createdAt) {

    public ConsoleAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
