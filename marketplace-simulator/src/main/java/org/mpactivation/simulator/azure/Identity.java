package org.mpactivation.simulator.azure;

import java.util.Objects;
import java.util.UUID;

/** A Microsoft Entra identity as the subscription shows its beneficiary and purchaser. */
public record Identity(String emailId, String objectId, String tenantId, String puid) {

    public Identity {
        Objects.requireNonNull(emailId, "emailId");
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(puid, "puid");
    }

    /** A user with this e-mail address in a fresh tenant, with random object id and puid. */
    public static Identity withEmail(String emailId) {
        return new Identity(emailId, UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                Long.toHexString(UUID.randomUUID().getMostSignificantBits()).toUpperCase());
    }
}
