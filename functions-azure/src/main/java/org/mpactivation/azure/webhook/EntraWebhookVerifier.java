package org.mpactivation.azure.webhook;

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
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.mpactivation.azure.http.AzureHttpTransport;
import org.mpactivation.azure.http.TransportResourceRetriever;
import org.mpactivation.azure.webhook.WebhookClaimsCheck.ClaimRejected;
import org.mpactivation.port.out.WebhookAuthenticator;
import org.mpactivation.port.out.WebhookCaller;
import org.mpactivation.port.out.WebhookRejectedException;
import org.mpactivation.port.out.WebhookRejectedException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a webhook call only when its bearer token is an access token Entra ID issued in our tenant, for our
 * application, to Azure Marketplace's application: signed with RS256 by a key of the tenant's published key
 * set, in the v1 or v2 form, within its lifetime.
 *
 * <p>The key set is fetched once and cached; a token naming a key the cached set lacks (after a key rollover)
 * makes it fetch the set again, at most twice per {@link WebhookTokenSettings#keySetRefetchInterval()}, so a
 * flood of tokens with made-up key ids cannot hammer the key endpoint. Build one per host and share it: it is
 * thread-safe.
 */
public final class EntraWebhookVerifier implements WebhookAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(EntraWebhookVerifier.class);
    private static final String BEARER = "bearer ";
    /** Entra signs its tokens with RS256; anything else (HMAC above all) is refused before any key is looked up. */
    private static final JWSAlgorithm ACCEPTED_ALGORITHM = JWSAlgorithm.RS256;
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);
    private static final int KEY_SET_SIZE_LIMIT = 64 * 1024;

    private final DefaultJWTProcessor<SecurityContext> processor;

    /** Verifies with the system clock, fetching keys over HTTP. */
    public EntraWebhookVerifier(WebhookTokenSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** Fetches the key set through the Azure adapters' transport (2-second timeouts, 64 KB at most). */
    public EntraWebhookVerifier(WebhookTokenSettings settings, Clock clock) {
        this(settings, clock, new TransportResourceRetriever(AzureHttpTransport.urlConnection(HTTP_TIMEOUT,
                HTTP_TIMEOUT, KEY_SET_SIZE_LIMIT)));
    }

    /**
     * @param clock     the clock a token's {@code exp} and {@code nbf} are checked against
     * @param retriever how the key set is fetched (the key set's caching and rate limit run on the system clock)
     */
    public EntraWebhookVerifier(WebhookTokenSettings settings, Clock clock, ResourceRetriever retriever) {
        Objects.requireNonNull(settings, "settings");
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(keySetUrl(settings),
                        Objects.requireNonNull(retriever, "retriever"))
                .cache(settings.keySetLifetime().toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                // no background refresh: a function host may freeze idle threads, and both fetches the rate
                // limit allows per interval stay free for a key rollover
                .refreshAheadCache(false)
                .rateLimited(settings.keySetRefetchInterval().toMillis())
                .build();
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ACCEPTED_ALGORITHM, keys));
        processor.setJWTClaimsSetVerifier(new WebhookClaimsCheck(settings, Objects.requireNonNull(clock, "clock")));
    }

    @Override
    public WebhookCaller authenticate(String authorizationHeader) {
        SignedJWT token = signedToken(bearerValue(authorizationHeader));
        try {
            JWTClaimsSet claims = processor.process(token, null);
            String tenant = claims.getStringClaim("tid");
            String application = claims.getStringClaim("ver").equals("1.0")
                    ? claims.getStringClaim("appid") : claims.getStringClaim("azp");
            String subject = claims.getSubject() != null ? claims.getSubject() : "";
            return new WebhookCaller(tenant, application, subject);
        } catch (ClaimRejected rejected) {
            throw refused(rejected.reason(), null);
        } catch (BadJWSException badSignature) {
            throw refused(Reason.BAD_SIGNATURE, null);
        } catch (BadJOSEException noMatchingKey) {
            // the algorithm was checked already: what is left is a key id the key set does not hold
            throw refused(Reason.UNKNOWN_KEY, null);
        } catch (RateLimitReachedException recentlyFetched) {
            // the set was fetched moments ago and still lacks the key
            throw refused(Reason.UNKNOWN_KEY, null);
        } catch (KeySourceException unavailable) {
            LOG.warn("webhook key set unavailable: {}", unavailable.getClass().getSimpleName());
            throw refused(Reason.KEYS_UNAVAILABLE, unavailable);
        } catch (JOSEException | ParseException unreadable) {
            throw refused(Reason.MALFORMED_TOKEN, null);
        }
    }

    private static String bearerValue(String header) {
        if (header == null || header.isBlank()) {
            throw refused(Reason.MISSING_CREDENTIALS, null);
        }
        String trimmed = header.strip();
        // the scheme name is case-insensitive (RFC 7235)
        if (trimmed.length() <= BEARER.length()
                || !trimmed.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            throw refused(Reason.NOT_BEARER, null);
        }
        return trimmed.substring(BEARER.length()).strip();
    }

    private static SignedJWT signedToken(String value) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(value);
        } catch (ParseException unreadable) {
            throw refused(Reason.MALFORMED_TOKEN, null);
        }
        if (!(jwt instanceof SignedJWT signed)) {
            // unsecured (alg: none) or encrypted
            throw refused(Reason.ALGORITHM_NOT_ALLOWED, null);
        }
        try {
            signed.getJWTClaimsSet();
        } catch (ParseException claimsNotJson) {
            throw refused(Reason.MALFORMED_TOKEN, null);
        }
        if (!ACCEPTED_ALGORITHM.equals(signed.getHeader().getAlgorithm())) {
            throw refused(Reason.ALGORITHM_NOT_ALLOWED, null);
        }
        JOSEObjectType type = signed.getHeader().getType();
        if (type != null && !JOSEObjectType.JWT.equals(type)) {
            // Entra writes typ JWT; checked here so that the processor's only remaining refusal is a missing key
            throw refused(Reason.MALFORMED_TOKEN, null);
        }
        if (signed.getHeader().getKeyID() == null) {
            throw refused(Reason.UNKNOWN_KEY, null);
        }
        return signed;
    }

    private static WebhookRejectedException refused(Reason reason, Throwable cause) {
        LOG.info("webhook call refused: reason={}", reason);
        return new WebhookRejectedException(reason, cause);
    }

    private static java.net.URL keySetUrl(WebhookTokenSettings settings) {
        try {
            return settings.keySetUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("keySetUri is not a URL", e);
        }
    }
}
