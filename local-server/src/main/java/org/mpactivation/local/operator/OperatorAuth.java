package org.mpactivation.local.operator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mpactivation.application.SigningKey;
import org.mpactivation.web.WebRequest;

/**
 * The operator's login: the admin password (compared in constant time; wrong attempts slowed down per
 * client by a {@link ClientThrottle}), the signed session cookie and the CSRF token bound to it. One
 * instance serves every operator page (the clock page too), so that they share the throttle and a
 * logout ends the session on all of them.
 *
 * <p>The cookie value is {@code <expiry epoch seconds>.<random nonce>.<HMAC>}; the HMAC also covers
 * a digest of the admin password, so a new password (a new start of the server) ends every
 * earlier session. Logging out revokes the cookie's nonce until the cookie would have expired.
 */
public final class OperatorAuth {

    static final String COOKIE = "operator_session";
    static final Duration SESSION_LIFETIME = Duration.ofHours(8);

    private static final String SESSION_PURPOSE = "operator-session";
    private static final String CSRF_PURPOSE = "operator-csrf";
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final byte[] passwordDigest;
    private final String passwordTag;
    private final SigningKey key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ClientThrottle throttle;
    private final boolean secureCookie;
    private final Map<String, Long> revoked = new HashMap<>();

    OperatorAuth(String adminPassword, SigningKey key, Clock clock) {
        this(adminPassword, key, clock, new ClientThrottle(clock), true);
    }

    /**
     * @param clock        judges session expiry (real time: see {@link ClockControl})
     * @param throttle     slows down wrong passwords per client
     * @param secureCookie whether the session cookie is sent over HTTPS only (browsers treat
     *                     {@code http://localhost} as secure)
     */
    public OperatorAuth(String adminPassword, SigningKey key, Clock clock, ClientThrottle throttle,
                        boolean secureCookie) {
        Objects.requireNonNull(adminPassword, "adminPassword");
        if (adminPassword.isEmpty()) {
            throw new IllegalArgumentException("the admin password must not be empty");
        }
        this.passwordDigest = sha256(adminPassword);
        this.passwordTag = SigningKey.digest(adminPassword);
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.secureCookie = secureCookie;
    }

    /**
     * Checks a password presented by {@code client} (the request's peer address), unless that client has
     * to wait after its wrong attempts: then it is refused unchecked, the right password too.
     */
    ClientThrottle.Attempt attempt(String client, String presented) {
        // digests of equal length: the comparison takes the same time whatever the input's length
        return throttle.attempt(client, () -> presented != null
                && MessageDigest.isEqual(passwordDigest, sha256(presented)));
    }

    /** A new session cookie value. */
    String newSession() {
        long expires = clock.instant().plus(SESSION_LIFETIME).getEpochSecond();
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String nonceText = URL.encodeToString(nonce);
        return expires + "." + nonceText + "." + key.sign(SESSION_PURPOSE, Long.toString(expires), nonceText,
                passwordTag);
    }

    /** The request's session cookie value, if it is genuine, unexpired and not logged out. */
    Optional<String> session(WebRequest request) {
        return request.cookie(COOKIE).filter(this::valid);
    }

    boolean valid(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        long expires;
        try {
            expires = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return false;
        }
        long now = clock.instant().getEpochSecond();
        if (expires <= now || expires > now + SESSION_LIFETIME.toSeconds()) {
            return false;
        }
        if (!key.verify(parts[2], SESSION_PURPOSE, parts[0], parts[1], passwordTag)) {
            return false;
        }
        synchronized (this) {
            return !revoked.containsKey(parts[1]);
        }
    }

    /** Ends a (valid) session: its cookie is refused from now on, even if a copy of it is kept. */
    synchronized void revoke(String session) {
        String[] parts = session.split("\\.", -1);
        long now = clock.instant().getEpochSecond();
        revoked.values().removeIf(expires -> expires <= now);
        revoked.put(parts[1], Long.parseLong(parts[0]));
    }

    String csrfToken(String session) {
        return key.sign(CSRF_PURPOSE, session);
    }

    boolean csrfMatches(String session, String presented) {
        return key.verify(presented, CSRF_PURPOSE, session);
    }

    String setCookie(String session) {
        return COOKIE + "=" + session + "; Path=/operator; Max-Age=" + SESSION_LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : "");
    }

    String clearCookie() {
        return COOKIE + "=; Path=/operator; Max-Age=0; HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : "");
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
