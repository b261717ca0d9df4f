package org.mpactivation.azure.webhook;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.mpactivation.port.out.WebhookRejectedException.Reason;

/**
 * The claims a marketplace webhook token must carry, checked once its signature is good: lifetime on our
 * clock, our tenant, the issuer of the token's version, our application as audience, the marketplace's
 * application as caller.
 */
final class WebhookClaimsCheck implements JWTClaimsSetVerifier<SecurityContext> {

    private final WebhookTokenSettings settings;
    private final Clock clock;

    WebhookClaimsCheck(WebhookTokenSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        checkLifetime(claims);
        if (!settings.tenantId().equals(text(claims, "tid"))) {
            throw new ClaimRejected(Reason.WRONG_TENANT);
        }
        TokenVersion version = TokenVersion.of(text(claims, "ver"));
        String expectedIssuer = version == TokenVersion.V1 ? settings.v1Issuer() : settings.v2Issuer();
        if (!expectedIssuer.equals(claims.getIssuer())) {
            throw new ClaimRejected(Reason.WRONG_ISSUER);
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(settings.audience())) {
            throw new ClaimRejected(Reason.WRONG_AUDIENCE);
        }
        if (!settings.marketplaceAppId().equals(text(claims, version.applicationClaim))) {
            throw new ClaimRejected(Reason.WRONG_APPLICATION);
        }
    }

    private void checkLifetime(JWTClaimsSet claims) throws ClaimRejected {
        Instant now = clock.instant();
        Date expiry = claims.getExpirationTime();
        if (expiry == null || now.isAfter(expiry.toInstant().plus(settings.clockSkew()))) {
            throw new ClaimRejected(Reason.EXPIRED);
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(settings.clockSkew()).isBefore(notBefore.toInstant())) {
            throw new ClaimRejected(Reason.NOT_YET_VALID);
        }
    }

    private static String text(JWTClaimsSet claims, String name) throws ClaimRejected {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException notText) {
            throw new ClaimRejected(Reason.MALFORMED_TOKEN);
        }
    }

    /** The two access-token forms of the Microsoft identity platform, told apart by {@code ver}. */
    private enum TokenVersion {
        V1("appid"),
        V2("azp");

        private final String applicationClaim;

        TokenVersion(String applicationClaim) {
            this.applicationClaim = applicationClaim;
        }

        static TokenVersion of(String ver) throws ClaimRejected {
            if ("1.0".equals(ver)) {
                return V1;
            }
            if ("2.0".equals(ver)) {
                return V2;
            }
            throw new ClaimRejected(Reason.MALFORMED_TOKEN);
        }
    }

    /** A claim that failed, with the reason the caller is given. */
    static final class ClaimRejected extends BadJWTException {
        private static final long serialVersionUID = 1L;

        private final Reason reason;

        ClaimRejected(Reason reason) {
            super(reason.name());
            this.reason = reason;
        }

        Reason reason() {
            return reason;
        }
    }
}
