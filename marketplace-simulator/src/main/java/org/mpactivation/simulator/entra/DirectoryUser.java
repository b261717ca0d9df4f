package org.mpactivation.simulator.entra;

import java.util.Objects;

/**
 * A user the sign-in page offers: the tenant (directory) the account lives in, its object id ({@code oid}),
 * its e-mail address (also its {@code preferred_username}) and its display name.
 */
public record DirectoryUser(String tenantId, String objectId, String email, String name) {

    public DirectoryUser {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        if (!Tenants.isTenantId(tenantId)) {
            throw new IllegalArgumentException("a tenant id is letters, digits, '.' and '-': " + tenantId);
        }
    }
}
