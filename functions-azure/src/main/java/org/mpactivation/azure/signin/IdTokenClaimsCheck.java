package org.mpactivation.azure.signin;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The claims of an ID token whose signature is good, checked for a multi-tenant application: the issuer
 * derived from the token's own {@code tid} (a token of tenant A claiming tenant B's issuer is refused), our
 * client as audience, the lifetime on our clock, the nonce of this sign-in, and the tenant allow-list.
 */
final class IdTokenClaimsCheck implements JWTClaimsSetVerifier<SignInContext> {

    private final EntraProvider provider;
    private final EntraSignInSettings settings;
    private final Clock clock;

    IdTokenClaimsCheck(EntraProvider provider, EntraSignInSettings settings, Clock clock) {
        this.provider = provider;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void verify(JWTClaimsSet claims, SignInContext context) throws BadJWTException {
        String tenant = text(claims, "tid");
        if (tenant == null || tenant.isBlank() || blank(text(claims, "oid"))) {
            throw new ClaimRejected(IdTokenCheck.MISSING_CLAIM);
        }
        if (!provider.issuerOf(tenant).equals(claims.getIssuer())) {
            throw new ClaimRejected(IdTokenCheck.ISSUER);
        }
        checkAudience(claims);
        checkLifetime(claims);
        String nonce = text(claims, "nonce");
        if (nonce == null || context == null || !sameText(nonce, context.expectedNonce())) {
            throw new ClaimRejected(IdTokenCheck.NONCE);
        }
        if (!settings.admits(tenant)) {
            throw new ClaimRejected(IdTokenCheck.TENANT_NOT_ALLOWED);
        }
    }

    private void checkAudience(JWTClaimsSet claims) throws ClaimRejected {
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(settings.clientId())) {
            throw new ClaimRejected(IdTokenCheck.AUDIENCE);
        }
        // OpenID Connect Core 3.1.3.7: with several audiences azp must be present, and wherever present ours
        String authorizedParty = text(claims, "azp");
        if ((audience.size() > 1 || authorizedParty != null) && !settings.clientId().equals(authorizedParty)) {
            throw new ClaimRejected(IdTokenCheck.AUTHORIZED_PARTY);
        }
    }

    private void checkLifetime(JWTClaimsSet claims) throws ClaimRejected {
        Instant now = clock.instant();
        Date expiry = claims.getExpirationTime();
        if (expiry == null || now.isAfter(expiry.toInstant().plus(settings.clockSkew()))) {
            throw new ClaimRejected(IdTokenCheck.EXPIRED);
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(settings.clockSkew()).isBefore(notBefore.toInstant())) {
            throw new ClaimRejected(IdTokenCheck.NOT_YET_VALID);
        }
        Date issued = claims.getIssueTime();
        if (issued == null || now.plus(settings.clockSkew()).isBefore(issued.toInstant())) {
            throw new ClaimRejected(IdTokenCheck.ISSUE_TIME);
        }
    }

    private static String text(JWTClaimsSet claims, String name) throws ClaimRejected {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException notText) {
            throw new ClaimRejected(IdTokenCheck.MALFORMED);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Compared in constant time: the nonce is this browser's secret until the sign-in completes. */
    private static boolean sameText(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** A claim that failed, with the check the caller is told about. */
    static final class ClaimRejected extends BadJWTException {
        private static final long serialVersionUID = 1L;

        private final IdTokenCheck check;

        ClaimRejected(IdTokenCheck check) {
            super(check.name());
            this.check = check;
        }

        IdTokenCheck check() {
            return check;
        }
    }
}
