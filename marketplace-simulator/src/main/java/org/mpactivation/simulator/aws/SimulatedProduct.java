package org.mpactivation.simulator.aws;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A SaaS product listed on the simulated marketplace: its product code, its dimensions (the only ones
 * BatchMeterUsage accepts and entitlements may name) and how it identifies customers.
 *
 * <p>Obtained from {@link AwsMarketplaceSimulator#product(String)}; the configuration methods return the
 * product so they chain. Thread-safe.
 */
public final class SimulatedProduct {

    private static final Pattern PRODUCT_CODE = Pattern.compile("^[-a-zA-Z0-9/=:_.@]{1,255}$");

    private final String code;
    private final Set<String> dimensions = new LinkedHashSet<>();
    private boolean licenseArns;
    private boolean concurrentAgreements;

    SimulatedProduct(String code) {
        Objects.requireNonNull(code, "productCode");
        if (!PRODUCT_CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("not a valid product code: " + code);
        }
        this.code = code;
    }

    /** The product code. */
    public String code() {
        return code;
    }

    /** Declares dimensions of the product (added to those declared before). */
    public synchronized SimulatedProduct dimensions(String... names) {
        for (String name : names) {
            if (name == null || name.isEmpty() || name.length() > 255) {
                throw new IllegalArgumentException("a dimension name has 1 to 255 characters");
            }
            dimensions.add(name);
        }
        return this;
    }

    /**
     * Whether ResolveCustomer (and GetEntitlements) return the customer's {@code LicenseArn}, as they do for
     * newer products. Every registration has a licence either way, and BatchMeterUsage accepts it.
     */
    public synchronized SimulatedProduct withLicenseArns(boolean returned) {
        this.licenseArns = returned;
        if (!returned) {
            this.concurrentAgreements = false;
        }
        return this;
    }

    /**
     * Makes this a product integrated for concurrent agreements (required of SaaS products listed from
     * June 2026): ResolveCustomer and GetEntitlements return {@code LicenseArn} and no
     * {@code CustomerIdentifier}; BatchMeterUsage records must name the customer by
     * {@code CustomerAWSAccountId} and the agreement by a per-record {@code LicenseArn}; one AWS account may
     * hold several registrations (agreements) of the product.
     */
    public synchronized SimulatedProduct concurrentAgreements(boolean enabled) {
        this.concurrentAgreements = enabled;
        if (enabled) {
            this.licenseArns = true;
        }
        return this;
    }

    /** The declared dimensions, in declaration order. */
    public synchronized Set<String> dimensionNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(dimensions));
    }

    public synchronized boolean hasDimension(String name) {
        return dimensions.contains(name);
    }

    /** Whether responses carry the customer's {@code LicenseArn}. */
    public synchronized boolean returnsLicenseArns() {
        return licenseArns;
    }

    /** Whether the product uses the concurrent-agreements integration (no CustomerIdentifier). */
    public synchronized boolean usesConcurrentAgreements() {
        return concurrentAgreements;
    }

    @Override
    public String toString() {
        return "SimulatedProduct[" + code + "]";
    }
}
