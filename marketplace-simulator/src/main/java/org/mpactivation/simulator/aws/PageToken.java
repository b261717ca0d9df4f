package org.mpactivation.simulator.aws;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque NextToken of GetEntitlements: the offset of the next page, bound to the query it continues
 * (product and filter), so a token cannot be replayed against another query.
 */
record PageToken(int offset, String queryFingerprint) {

    String encode() {
        String plain = "v1:" + offset + ":" + queryFingerprint;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a token for the given query, or answers {@code InvalidParameterException}. */
    static PageToken decode(String token, String queryFingerprint) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", 3);
            if (parts.length == 3 && parts[0].equals("v1") && parts[2].equals(queryFingerprint)) {
                int offset = Integer.parseInt(parts[1]);
                if (offset > 0) {
                    return new PageToken(offset, queryFingerprint);
                }
            }
        } catch (IllegalArgumentException e) {
            // not a token of ours
        }
        throw new RequestRejected(MarketplaceError.INVALID_PARAMETER, "The NextToken is not valid for this request");
    }
}
