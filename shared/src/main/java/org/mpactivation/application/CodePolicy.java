package org.mpactivation.application;

import java.time.Duration;

/**
 * How e-mail codes behave: lifetime, wrong attempts allowed per code, time between two sends in a
 * session, and the limits across sessions ({@link CodeLimits}).
 */
public record CodePolicy(Duration lifetime, int maxAttempts, Duration resendCooldown, CodeLimits limits) {

    public CodePolicy(Duration lifetime, int maxAttempts, Duration resendCooldown) {
        this(lifetime, maxAttempts, resendCooldown, CodeLimits.standard());
    }

    public static CodePolicy standard() {
        return new CodePolicy(Duration.ofMinutes(10), 5, Duration.ofSeconds(60));
    }

    public CodePolicy withLimits(CodeLimits newLimits) {
        return new CodePolicy(lifetime, maxAttempts, resendCooldown, newLimits);
    }
}
