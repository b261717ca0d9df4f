package org.mpactivation.azure.signin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import org.mpactivation.azure.http.AzureHttpTransport;
import org.mpactivation.azure.http.TransportResourceRetriever;
import org.mpactivation.azure.signin.IdTokenClaimsCheck.ClaimRejected;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.SignInRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the ID tokens of one provider with Nimbus: RS256 signature against the key set at the discovery
 * document's {@code jwks_uri}, then {@link IdTokenClaimsCheck}. The key set is cached; a token naming a key the
 * cached set lacks (after a key rollover) makes it fetch the set again, at most twice per
 * {@link EntraSignInSettings#keySetRefetchInterval()}, so tokens with made-up key ids cannot hammer the provider.
 * Thread-safe.
 */
final class EntraIdTokens {

    private static final Logger LOG = LoggerFactory.getLogger(EntraIdTokens.class);
    /** Entra signs ID tokens with RS256; anything else (HMAC above all) is refused before a key is looked up. */
    private static final JWSAlgorithm ACCEPTED_ALGORITHM = JWSAlgorithm.RS256;

    private final DefaultJWTProcessor<SignInContext> processor = new DefaultJWTProcessor<>();

    /** @param transport how the key set is fetched (built here, so that only the callback loads the JOSE classes) */
    EntraIdTokens(EntraProvider provider, EntraSignInSettings settings, Clock clock, AzureHttpTransport transport) {
        ResourceRetriever retriever = new TransportResourceRetriever(transport);
        JWKSource<SignInContext> keys = JWKSourceBuilder.<SignInContext>create(url(provider), retriever)
                .cache(settings.keySetLifetime().toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                // no background refresh: a function host may freeze idle threads, and both fetches the rate
                // limit allows per interval stay free for a key rollover
                .refreshAheadCache(false)
                .rateLimited(settings.keySetRefetchInterval().toMillis())
                .build();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ACCEPTED_ALGORITHM, keys));
        processor.setJWTClaimsSetVerifier(new IdTokenClaimsCheck(provider, settings, clock));
    }

    /**
     * The claims of {@code idToken} once it passed every check.
     *
     * @throws SignInRejectedException naming the first check that failed
     * @throws MarketplaceUnavailableException when the key set cannot be fetched
     */
    JWTClaimsSet validate(JWT idToken, String expectedNonce) {
        SignedJWT signed = signedWithRs256(idToken);
        try {
            return processor.process(signed, new SignInContext(expectedNonce));
        } catch (ClaimRejected rejected) {
            throw refused(rejected.check());
        } catch (BadJWSException badSignature) {
            throw refused(IdTokenCheck.SIGNATURE);
        } catch (RateLimitReachedException recentlyFetched) {
            // the set was fetched moments ago and still lacks the key
            throw refused(IdTokenCheck.UNKNOWN_KEY);
        } catch (KeySourceException unavailable) {
            LOG.warn("sign-in key set unavailable: error={}", unavailable.getClass().getSimpleName());
            throw new MarketplaceUnavailableException("the sign-in provider's key set could not be fetched",
                    unavailable);
        } catch (BadJOSEException noMatchingKey) {
            // algorithm and type were checked already: what is left is a key id the key set does not hold
            throw refused(IdTokenCheck.UNKNOWN_KEY);
        } catch (JOSEException unreadable) {
            throw refused(IdTokenCheck.MALFORMED);
        }
    }

    private static SignedJWT signedWithRs256(JWT idToken) {
        if (!(idToken instanceof SignedJWT signed)) {
            // unsecured (alg: none) or encrypted
            throw refused(IdTokenCheck.ALGORITHM);
        }
        try {
            signed.getJWTClaimsSet();
        } catch (ParseException claimsNotJson) {
            throw refused(IdTokenCheck.MALFORMED);
        }
        if (!ACCEPTED_ALGORITHM.equals(signed.getHeader().getAlgorithm())) {
            throw refused(IdTokenCheck.ALGORITHM);
        }
        JOSEObjectType type = signed.getHeader().getType();
        if (type != null && !JOSEObjectType.JWT.equals(type)) {
            throw refused(IdTokenCheck.MALFORMED);
        }
        if (signed.getHeader().getKeyID() == null) {
            throw refused(IdTokenCheck.UNKNOWN_KEY);
        }
        return signed;
    }

    private static SignInRejectedException refused(IdTokenCheck check) {
        LOG.info("sign-in refused: check={}", check);
        return new SignInRejectedException(check.refusal());
    }

    private static URL url(EntraProvider provider) {
        try {
            return provider.keySetUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("the discovery document's jwks_uri is not a URL", e);
        }
    }
}
