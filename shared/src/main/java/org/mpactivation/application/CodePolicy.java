package org.mpactivation.application;

import java.time.Duration;

/** How e-mail codes behave: lifetime, wrong attempts allowed, time between two sends. */
public record CodePolicy(Duration lifetime, int maxAttempts, Duration resendCooldown) {

    public static CodePolicy standard() {
        return new CodePolicy(Duration.ofMinutes(10), 5, Duration.ofSeconds(60));
    }
}
