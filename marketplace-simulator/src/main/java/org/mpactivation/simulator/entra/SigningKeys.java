package org.mpactivation.simulator.entra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The provider's RSA signing keys: the one that signs, and the key set it publishes. A key can be published
 * ahead of use ({@link #publishNext()}) and then made the signing key ({@link #rotate(boolean)}), the way Entra
 * rolls its keys over.
 */
final class SigningKeys {

    /** Entra publishes a handful of keys at a time; more than this many published keys is refused. */
    static final int MAX_PUBLISHED = 8;
    private static final int KEY_BITS = 2048;

    private final List<RSAKey> published = new ArrayList<>();
    private RSAKey active;
    private RSAKey next;

    SigningKeys() {
        this.active = generate();
        published.add(active);
    }

    synchronized RSAKey active() {
        return active;
    }

    /** The public keys a relying party may fetch, each with {@code kid}, {@code use=sig} and {@code alg}. */
    synchronized JWKSet publicKeySet() {
        return new JWKSet(new ArrayList<>(published)).toPublicJWKSet();
    }

    /** Publishes a second key that does not sign yet; returns its {@code kid}. Idempotent until a rotation. */
    synchronized String publishNext() {
        if (next == null) {
            if (published.size() >= MAX_PUBLISHED) {
                throw new IllegalStateException("at most " + MAX_PUBLISHED + " keys are published");
            }
            next = generate();
            published.add(next);
        }
        return next.getKeyID();
    }

    /**
     * Makes the published next key (or a new one) the signing key.
     *
     * @param keepPrevious whether the key that signed until now stays in the key set (tokens it signed still
     *     verify) or is withdrawn (they no longer do)
     * @return the {@code kid} of the new signing key
     */
    synchronized String rotate(boolean keepPrevious) {
        publishNext();
        RSAKey previous = active;
        active = next;
        next = null;
        if (!keepPrevious) {
            published.remove(previous);
        }
        return active.getKeyID();
    }

    synchronized Optional<String> nextKeyId() {
        return Optional.ofNullable(next).map(RSAKey::getKeyID);
    }

    /** A fresh key the key set has never held: what an attacker would sign with. */
    static RSAKey unpublished() {
        return generate();
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(KEY_BITS)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }
}
