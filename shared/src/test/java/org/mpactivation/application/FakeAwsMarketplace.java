package org.mpactivation.application;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.MarketplaceTokenRejectedException;

/** AWS Marketplace as far as arrival needs it: tokens issued by the test resolve to their buyer. */
public final class FakeAwsMarketplace implements AwsMarketplace {

    public static final String PRODUCT_CODE = "prod-test4k9";
    private final Map<String, AwsCustomer> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger resolves = new AtomicInteger();

    /** A token that resolves to a buyer with this customer identifier and AWS account. */
    public String issueToken(String token, String customerIdentifier, String awsAccountId) {
        tokens.put(token, new AwsCustomer(customerIdentifier, awsAccountId, PRODUCT_CODE, null));
        return token;
    }

    public int resolveCalls() {
        return resolves.get();
    }

    @Override
    public AwsCustomer resolveCustomer(String registrationToken) {
        resolves.incrementAndGet();
        AwsCustomer customer = tokens.get(registrationToken);
        if (customer == null) {
            throw new MarketplaceTokenRejectedException(MarketplaceTokenRejectedException.Reason.INVALID, null);
        }
        return customer;
    }

    @Override
    public List<Entitlement> entitlements(AwsCustomer customer) {
        return List.of();
    }

    @Override
    public String partition() {
        return "aws";
    }
}
