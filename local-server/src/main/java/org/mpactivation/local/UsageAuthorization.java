package org.mpactivation.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mpactivation.local.operator.ClientThrottle;

/**
 * Locally, what API Gateway's IAM authorization does on AWS for {@code POST /internal/usage}: the caller
 * must send {@code Authorization: Bearer <USAGE_TOKEN>}, a token of its own (not the admin password).
 * The token is compared in constant time, and wrong tokens are slowed down per client like wrong admin
 * passwords ({@link ClientThrottle}). Missing or wrong: 401 with {@code WWW-Authenticate}; a client that
 * must wait: 429 with {@code Retry-After}.
 */
final class UsageAuthorization {

    static final String CHALLENGE = "Bearer realm=\"usage\"";
    private static final String BEARER = "bearer ";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] tokenDigest;
    private final ClientThrottle throttle;

    UsageAuthorization(String token, ClientThrottle throttle) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("the usage token must not be blank");
        }
        this.tokenDigest = sha256(token);
        this.throttle = Objects.requireNonNull(throttle, "throttle");
    }

    /** Empty when the request may pass; else the answer that refuses it. */
    Optional<LocalAnswer> refusal(LocalExchange exchange) {
        Optional<String> presented = exchange.header("authorization")
                .filter(value -> value.length() > BEARER.length()
                        && value.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER))
                .map(value -> value.substring(BEARER.length()).strip());
        if (presented.isEmpty()) {
            return Optional.of(unauthorized("a usage token is required: Authorization: Bearer <USAGE_TOKEN>"));
        }
        ClientThrottle.Attempt attempt = throttle.attempt(exchange.peerAddress(),
                () -> MessageDigest.isEqual(tokenDigest, sha256(presented.get())));
        return switch (attempt.outcome()) {
            case ACCEPTED -> Optional.empty();
            case REJECTED -> Optional.of(unauthorized("the usage token is wrong"));
            case LIMITED -> Optional.of(json(429, "too many wrong usage tokens from your address; wait "
                    + attempt.retryAfterSeconds() + " s, then try again")
                    .withHeader("Retry-After", Long.toString(attempt.retryAfterSeconds())));
        };
    }

    private static LocalAnswer unauthorized(String error) {
        return json(401, error).withHeader("WWW-Authenticate", CHALLENGE);
    }

    private static LocalAnswer json(int status, String error) {
        try {
            return new LocalAnswer(status, List.of(Map.entry("Content-Type", "application/json")),
                    JSON.writeValueAsBytes(Map.of("error", error)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not encode an error message", e);
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
