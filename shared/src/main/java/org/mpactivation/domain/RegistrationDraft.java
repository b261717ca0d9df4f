package org.mpactivation.domain;

/**
 * What the buyer entered on the registration pages so far, kept in the activation session so that
 * nothing entered is lost between pages. The password is only ever held as its Argon2id hash.
 */
public record RegistrationDraft(String username, String email, boolean emailVerified, String phone,
                                String passwordHash, CompanyInfo company) {

    public static RegistrationDraft empty() {
        return new RegistrationDraft(null, null, false, null, null, null);
    }

    public boolean basicInfoComplete() {
        return username != null && email != null && emailVerified && passwordHash != null;
    }

    /** Keeps a password typed on a page shown again (a language switch), as its hash only. */
    public RegistrationDraft withPasswordHash(String newPasswordHash) {
        return new RegistrationDraft(username, email, emailVerified, phone, newPasswordHash, company);
    }

    public RegistrationDraft withCompany(CompanyInfo newCompany) {
        return new RegistrationDraft(username, email, emailVerified, phone, passwordHash, newCompany);
    }
}
