package org.mpactivation.port.out;

import java.util.List;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.Entitlement;

/** AWS Marketplace as the activation flow needs it: resolve the buyer's token, read entitlements. */
public interface AwsMarketplace {

    /**
     * Exchanges the registration token of the fulfillment POST for the buyer's identity.
     *
     * @throws MarketplaceTokenRejectedException if the token is invalid or expired
     * @throws MarketplaceUnavailableException   if AWS throttled or failed; the buyer may retry
     */
    AwsCustomer resolveCustomer(String registrationToken);

    /** The buyer's current entitlements (contract listings), all pages read. */
    List<Entitlement> entitlements(AwsCustomer customer);

    /** The partition this marketplace client talks to: {@code aws} or {@code aws-cn}. */
    String partition();
}
