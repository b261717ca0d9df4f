package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The person who signed in with Microsoft Entra ID during activation, as the ID token named them: the
 * directory ({@code tid}), their object id there ({@code oid}, stable across apps), and the name and
 * e-mail they showed (informational: neither is a key).
 */
public record BuyerIdentity(String issuer, String tenantId, String objectId, String email, String name,
                            Instant signedInAt) {

    public BuyerIdentity {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(signedInAt, "signedInAt");
        if (tenantId.isBlank() || objectId.isBlank()) {
            throw new IllegalArgumentException("a signed-in buyer has a tenant and an object id");
        }
    }

    /** {@code <tenant>/<object id>}: who this is, whatever name or e-mail they show. */
    public String key() {
        return tenantId + "/" + objectId;
    }
}
