package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The seller-side billing identity: unique username, verified e-mail, company information. It is
 * associated with many workspaces and with the cloud accounts that pay for them.
 */
public record BillingAccount(String id, String username, String email, CompanyInfo company,
                             String consoleAccountId, Instant createdAt) {

    public BillingAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
