package org.mpactivation.simulator.azure;

import java.util.Objects;
import java.util.Set;

/**
 * Decides whether the bearer token of a call may use the marketplace APIs. The default accepts the tokens the
 * simulator was configured with; a local OpenID provider can plug in a check of the tokens it issues (signature,
 * audience {@code 20e940b3-4c77-4b0b-9a53-9e16a1b010a7}, lifetime).
 */
@FunctionalInterface
public interface AccessTokenCheck {

    /** Whether the token (the part after {@code "Bearer "}) is valid for the marketplace APIs now. */
    boolean accepts(String bearerToken);

    /** Accepts exactly these tokens. */
    static AccessTokenCheck acceptingOnly(Set<String> tokens) {
        Set<String> accepted = Set.copyOf(tokens);
        return token -> token != null && accepted.contains(token);
    }

    /** Accepts this one token. */
    static AccessTokenCheck acceptingOnly(String token) {
        return acceptingOnly(Set.of(Objects.requireNonNull(token, "token")));
    }
}
