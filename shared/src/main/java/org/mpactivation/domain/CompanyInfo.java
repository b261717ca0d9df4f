package org.mpactivation.domain;

import java.util.Objects;

/** The buyer's company as entered on the company information page. {@code address} is optional. */
public record CompanyInfo(String companyName, String contactName, String country, String address) {

    public CompanyInfo {
        Objects.requireNonNull(companyName, "companyName");
        Objects.requireNonNull(contactName, "contactName");
        Objects.requireNonNull(country, "country");
        address = address == null ? "" : address;
    }
}
