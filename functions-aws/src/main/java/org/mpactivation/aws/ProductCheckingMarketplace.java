package org.mpactivation.aws;

import java.util.List;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.MarketplaceTokenRejectedException;

/**
 * Accepts only buyers of the configured product: a token the seller's account can resolve, but for
 * another of its products, must not start an activation of this one.
 */
public final class ProductCheckingMarketplace implements AwsMarketplace {

    private final AwsMarketplace delegate;
    private final String productCode;

    public ProductCheckingMarketplace(AwsMarketplace delegate, String productCode) {
        this.delegate = delegate;
        this.productCode = productCode;
    }

    @Override
    public AwsCustomer resolveCustomer(String registrationToken) {
        AwsCustomer customer = delegate.resolveCustomer(registrationToken);
        if (!productCode.equals(customer.productCode())) {
            throw new MarketplaceTokenRejectedException(MarketplaceTokenRejectedException.Reason.INVALID, null);
        }
        return customer;
    }

    @Override
    public List<Entitlement> entitlements(AwsCustomer customer) {
        return delegate.entitlements(customer);
    }

    @Override
    public String partition() {
        return delegate.partition();
    }
}
