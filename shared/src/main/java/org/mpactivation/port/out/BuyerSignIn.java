package org.mpactivation.port.out;

import java.net.URI;
import org.mpactivation.domain.BuyerIdentity;

/**
 * Signs the buyer in with their organisation's identity provider (Azure: Microsoft Entra ID, any tenant)
 * through OpenID Connect's authorization code flow with PKCE. The caller makes and keeps the secrets
 * (state, nonce, code verifier) bound to the buyer's browser; implementations check everything the ID
 * token says (signature against the provider's key set, issuer, audience, expiry, nonce).
 */
public interface BuyerSignIn {

    /**
     * Where to send the browser to sign in.
     *
     * @param state        opaque, unguessable; comes back with the code
     * @param nonce        unguessable; must come back inside the ID token
     * @param codeVerifier the PKCE verifier (43 to 128 characters); only its S256 challenge leaves here
     * @param redirectUri  our callback, as registered with the provider
     */
    URI authorizationUrl(String state, String nonce, String codeVerifier, URI redirectUri);

    /**
     * Starts, without waiting for it, what the next {@link #authorizationUrl} needs from the provider and does
     * not have yet (Entra: its discovery document), so that it overlaps the caller's own calls. Never fails:
     * what cannot be had now is fetched again by {@link #authorizationUrl}, which fails as it would have.
     */
    default void prepare() {
    }

    /**
     * Exchanges the authorization code for tokens and returns who signed in, once the ID token passed
     * every check.
     *
     * @throws SignInRejectedException when the code, the token or the provider's answer fails a check
     * @throws MarketplaceUnavailableException when the provider cannot be reached (the buyer may retry)
     */
    BuyerIdentity complete(String code, String codeVerifier, String expectedNonce, URI redirectUri);
}
