package org.mpactivation.simulator.entra;

import java.util.Set;
import java.util.regex.Pattern;

/** The tenant segment of the provider's paths: a tenant id, or one of the multi-tenant authorities. */
final class Tenants {

    /** Authorities that accept users of any tenant; their discovery issuer holds a {@code {tenantid}} template. */
    static final Set<String> MULTI_TENANT_AUTHORITIES = Set.of("common", "organizations");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,63}");

    private Tenants() {
    }

    static boolean isTenantId(String segment) {
        return segment != null && TENANT.matcher(segment).matches();
    }

    static boolean isMultiTenant(String segment) {
        return MULTI_TENANT_AUTHORITIES.contains(segment);
    }

    /** Whether a user of {@code userTenant} may sign in through the authority {@code segment}. */
    static boolean admits(String segment, String userTenant) {
        return isMultiTenant(segment) || segment.equals(userTenant);
    }
}
