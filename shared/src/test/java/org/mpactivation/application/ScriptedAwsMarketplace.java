package org.mpactivation.application;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.MarketplaceTokenRejectedException;
import org.mpactivation.port.out.MarketplaceUnavailableException;

/**
 * AWS Marketplace for lifecycle and renewal tests: tokens resolve to any buyer the test made (with
 * licence where given), GetEntitlements answers what the test set (per buyer, else a default), and
 * can fail on demand, for the next calls or always for chosen buyers.
 */
public final class ScriptedAwsMarketplace implements AwsMarketplace {

    private final Map<String, AwsCustomer> tokens = new ConcurrentHashMap<>();
    private final Map<String, List<Entitlement>> entitlements = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger entitlementCalls = new AtomicInteger();
    private volatile List<Entitlement> defaultEntitlements = List.of();

    public String issueToken(String token, AwsCustomer customer) {
        tokens.put(token, customer);
        return token;
    }

    public void defaultEntitlements(List<Entitlement> value) {
        defaultEntitlements = List.copyOf(value);
    }

    public void entitlements(AwsCustomer customer, List<Entitlement> value) {
        entitlements.put(customer.subscriptionId().asText(), List.copyOf(value));
    }

    /** The next {@code calls} GetEntitlements calls fail as if AWS throttled them. */
    public void failEntitlementsNext(int calls) {
        failNext.set(calls);
    }

    /** Every GetEntitlements call for this buyer fails. */
    public void failAlways(AwsCustomer customer) {
        failing.add(customer.subscriptionId().asText());
    }

    public int entitlementCalls() {
        return entitlementCalls.get();
    }

    @Override
    public AwsCustomer resolveCustomer(String registrationToken) {
        AwsCustomer customer = tokens.get(registrationToken);
        if (customer == null) {
            throw new MarketplaceTokenRejectedException(MarketplaceTokenRejectedException.Reason.INVALID, null);
        }
        return customer;
    }

    @Override
    public List<Entitlement> entitlements(AwsCustomer customer) {
        entitlementCalls.incrementAndGet();
        if (failing.contains(customer.subscriptionId().asText())
                || failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throw new MarketplaceUnavailableException("GetEntitlements throttled", null);
        }
        return entitlements.getOrDefault(customer.subscriptionId().asText(), defaultEntitlements);
    }

    @Override
    public String partition() {
        return "aws";
    }
}
