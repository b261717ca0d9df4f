package org.mpactivation.simulator.entra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Writes the claims of the provider's tokens and signs them: app-only access tokens (client credentials) in
 * the v1 or v2 form, ID tokens of a sign-in, and deliberately defective variants for negative tests.
 */
final class TokenMinter {

    private final Clock clock;
    private final SigningKeys keys;
    private final Issuers issuers;
    private final Duration accessTokenLifetime;

    TokenMinter(Clock clock, SigningKeys keys, Issuers issuers, Duration accessTokenLifetime) {
        this.clock = clock;
        this.keys = keys;
        this.issuers = issuers;
        this.accessTokenLifetime = accessTokenLifetime;
    }

    Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    Issuers issuers() {
        return issuers;
    }

    /**
     * The claims of an app-only access token: the client {@code clientId} of tenant {@code tenantId} calling
     * {@code audience}. The service principal's object id ({@code oid}, also {@code sub}) is derived from the
     * client and the tenant, so it is stable like Entra's.
     */
    JWTClaimsSet appAccessToken(TokenForm form, String tenantId, String audience, String clientId) {
        Instant now = clock.instant();
        String servicePrincipal = stableId("sp", tenantId, clientId);
        return new JWTClaimsSet.Builder()
                .audience(audience)
                .issuer(issuers.of(form, tenantId))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(accessTokenLifetime)))
                .subject(servicePrincipal)
                .claim("tid", tenantId)
                .claim("oid", servicePrincipal)
                .claim(form.applicationClaim(), clientId)
                .claim(form == TokenForm.V1 ? "appidacr" : "azpacr", "1")
                .claim("idtyp", "app")
                .claim("ver", form.version())
                .jwtID(UUID.randomUUID().toString())
                .build();
    }

    /** The claims of the v2 ID token a sign-in of {@code user} to {@code clientId} yields. */
    JWTClaimsSet idToken(DirectoryUser user, String clientId, String nonce, Duration lifetime) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .audience(clientId)
                .issuer(issuers.v2(user.tenantId()))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                // Entra's sub is pairwise: the same user has another sub in every application.
                .subject(stableId("sub", user.objectId(), clientId))
                .claim("tid", user.tenantId())
                .claim("oid", user.objectId())
                .claim("email", user.email())
                .claim("preferred_username", user.email())
                .claim("name", user.name())
                .claim("ver", TokenForm.V2.version());
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        return claims.build();
    }

    /** Signs with the current signing key, header {@code {alg: RS256, typ: JWT, kid}}. */
    String sign(JWTClaimsSet claims) {
        RSAKey key = keys.active();
        return sign(claims, key, key.getKeyID());
    }

    /** The token {@code good} would be, spoilt by {@code defect}. */
    String spoil(JWTClaimsSet good, TokenForm form, TokenDefect defect) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder bad = new JWTClaimsSet.Builder(good);
        switch (defect) {
            case EXPIRED -> bad.issueTime(Date.from(now.minus(accessTokenLifetime).minusSeconds(600)))
                    .notBeforeTime(Date.from(now.minus(accessTokenLifetime).minusSeconds(600)))
                    .expirationTime(Date.from(now.minusSeconds(600)));
            case NOT_YET_VALID -> bad.notBeforeTime(Date.from(now.plusSeconds(3600)))
                    .expirationTime(Date.from(now.plusSeconds(3600).plus(accessTokenLifetime)));
            case WRONG_AUDIENCE -> bad.audience(UUID.randomUUID().toString());
            case WRONG_TENANT -> {
                String otherTenant = UUID.randomUUID().toString();
                bad.claim("tid", otherTenant).issuer(issuers.of(form, otherTenant));
            }
            case ISSUER_OF_ANOTHER_TENANT -> bad.issuer(issuers.of(form, UUID.randomUUID().toString()));
            case WRONG_APPLICATION -> bad.claim(form.applicationClaim(), UUID.randomUUID().toString());
            case UNKNOWN_KEY -> {
                RSAKey stranger = SigningKeys.unpublished();
                return sign(good, stranger, stranger.getKeyID());
            }
            case FORGED_SIGNATURE -> {
                return sign(good, SigningKeys.unpublished(), keys.active().getKeyID());
            }
            case ALG_NONE -> {
                return new PlainJWT(good).serialize();
            }
            default -> throw new IllegalArgumentException("unknown defect " + defect);
        }
        return sign(bad.build());
    }

    private static String sign(JWTClaimsSet claims, RSAKey key, String keyId) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(keyId)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    private static String stableId(String kind, String first, String second) {
        byte[] seed = (kind + "|" + first + "|" + second).getBytes(StandardCharsets.UTF_8);
        return UUID.nameUUIDFromBytes(seed).toString();
    }
}
