package org.mpactivation.simulator.aws;

import com.sun.net.httpserver.Headers;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks that a request carries an AWS Signature Version 4 {@code Authorization} header whose credential
 * scope names the marketplace signing service. The signature value itself is not verified.
 */
final class SignatureCheck {

    /** The SigV4 signing name both marketplace services use. */
    static final String SIGNING_NAME = "aws-marketplace";
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";

    private SignatureCheck() {
    }

    static void check(Headers headers) {
        String authorization = headers.getFirst("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw new RequestRejected(MarketplaceError.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
        }
        authorization = authorization.trim();
        if (!authorization.startsWith(ALGORITHM + " ")) {
            throw new RequestRejected(MarketplaceError.INCOMPLETE_SIGNATURE,
                    "Authorization header requires the " + ALGORITHM + " algorithm");
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : authorization.substring(ALGORITHM.length()).split(",")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parts.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
            }
        }
        for (String required : new String[] {"Credential", "SignedHeaders", "Signature"}) {
            String value = parts.get(required);
            if (value == null || value.isEmpty()) {
                throw new RequestRejected(MarketplaceError.INCOMPLETE_SIGNATURE,
                        "Authorization header requires '" + required + "' parameter");
            }
        }
        if (headers.getFirst("X-Amz-Date") == null && headers.getFirst("Date") == null) {
            throw new RequestRejected(MarketplaceError.INCOMPLETE_SIGNATURE,
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header");
        }
        String[] scope = parts.get("Credential").split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            throw new RequestRejected(MarketplaceError.INCOMPLETE_SIGNATURE,
                    "Credential must have the form <access key>/<date>/<region>/<service>/aws4_request");
        }
        if (!SIGNING_NAME.equals(scope[3])) {
            throw new RequestRejected(MarketplaceError.INVALID_SIGNATURE,
                    "Credential should be scoped to correct service: '" + SIGNING_NAME + "'");
        }
    }
}
