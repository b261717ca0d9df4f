package org.mpactivation.simulator.entra;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The short-lived state of sign-ins: requests waiting on the sign-in page (keyed by an unguessable id the page
 * posts back, which is also what keeps another site from posting the form) and authorization codes waiting to
 * be redeemed. Codes are single-use; a redeemed code is remembered until it would have expired, so a second
 * redemption is told apart from an unknown code as Entra tells them apart.
 */
final class SignInState {

    /** Bound on every map here; past it, expired entries are swept and, if still full, new entries refused. */
    static final int MAX_ENTRIES = 10_000;

    record IssuedCode(SignInRequest request, DirectoryUser user) {
    }

    private record Expiring<T>(T value, Instant expires) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration pageLifetime;
    private final Duration codeLifetime;
    private final Map<String, Expiring<SignInRequest>> pending = new HashMap<>();
    private final Map<String, Expiring<IssuedCode>> codes = new HashMap<>();
    private final Map<String, Expiring<Boolean>> redeemed = new HashMap<>();

    SignInState(Clock clock, Duration pageLifetime, Duration codeLifetime) {
        this.clock = clock;
        this.pageLifetime = pageLifetime;
        this.codeLifetime = codeLifetime;
    }

    synchronized String begin(SignInRequest request) {
        String id = newId();
        put(pending, id, new Expiring<>(request, clock.instant().plus(pageLifetime)));
        return id;
    }

    /** The waiting request with this id, removed: a sign-in page can be answered once. */
    synchronized Optional<SignInRequest> take(String id) {
        Expiring<SignInRequest> entry = id == null ? null : pending.remove(id);
        if (entry == null || !clock.instant().isBefore(entry.expires())) {
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    synchronized String issueCode(SignInRequest request, DirectoryUser user) {
        String code = newId();
        put(codes, code, new Expiring<>(new IssuedCode(request, user), clock.instant().plus(codeLifetime)));
        return code;
    }

    /** Redeems a code once. */
    synchronized IssuedCode redeem(String code) {
        Instant now = clock.instant();
        Expiring<IssuedCode> entry = codes.remove(code);
        if (entry == null) {
            if (redeemed.containsKey(code)) {
                throw OAuthError.invalidGrant(54005, "OAuth2 Authorization code was already redeemed.");
            }
            throw OAuthError.invalidGrant(9002313, "Invalid request. The authorization code is malformed or unknown.");
        }
        if (!now.isBefore(entry.expires())) {
            throw OAuthError.invalidGrant(70008, "The provided authorization code has expired.");
        }
        put(redeemed, code, new Expiring<>(Boolean.TRUE, entry.expires()));
        return entry.value();
    }

    Duration codeLifetime() {
        return codeLifetime;
    }

    synchronized void clear() {
        pending.clear();
        codes.clear();
        redeemed.clear();
    }

    private <T> void put(Map<String, Expiring<T>> map, String key, Expiring<T> entry) {
        if (map.size() >= MAX_ENTRIES) {
            sweep(map);
        }
        if (map.size() >= MAX_ENTRIES) {
            throw new IllegalStateException("too many sign-ins in progress");
        }
        map.put(key, entry);
    }

    private <T> void sweep(Map<String, Expiring<T>> map) {
        Instant now = clock.instant();
        Iterator<Expiring<T>> entries = map.values().iterator();
        while (entries.hasNext()) {
            if (!now.isBefore(entries.next().expires())) {
                entries.remove();
            }
        }
    }

    private String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
