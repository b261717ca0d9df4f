package org.mpactivation.repository;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;

/**
 * Sign-ins in flight: what the callback needs to finish one (the session it belongs to, the nonce and
 * the PKCE verifier), stored under a digest of the {@code state} value and taken at most once.
 */
public final class SignInAttempts {

    private final ItemStore store;

    public SignInAttempts(ItemStore store) {
        this.store = store;
    }

    /** One sign-in in flight. */
    public record Attempt(String sessionId, String nonce, String codeVerifier, Instant expiresAt) {
    }

    public void begin(String stateDigest, Attempt attempt) {
        store.putIfAbsent(new Item(key(stateDigest), Map.of("sessionId", attempt.sessionId(), "nonce", attempt.nonce(),
                "codeVerifier", attempt.codeVerifier()), 0, attempt.expiresAt(), null));
    }

    /**
     * Takes the attempt, so that the same state can never finish a second sign-in.
     *
     * @return empty when there is none (unknown, expired, or taken already)
     */
    public Optional<Attempt> take(String stateDigest) {
        Optional<Item> found = store.get(key(stateDigest));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Item item = found.get();
        try {
            store.delete(item.key(), item.version());
        } catch (ConditionFailedException takenConcurrently) {
            return Optional.empty();
        }
        return Optional.of(new Attempt(item.get("sessionId"), item.get("nonce"), item.get("codeVerifier"),
                item.expiresAt()));
    }

    private static ItemKey key(String stateDigest) {
        return new ItemKey("SIGNIN#" + stateDigest, Keys.META);
    }
}
