package org.mpactivation.simulator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;

/** {@code AWSMPMeteringService.ResolveCustomer}: a registration token to the customer and product it names. */
final class ResolveCustomerOperation {

    private static final Pattern NON_EMPTY = Pattern.compile("[\\s\\S]+");

    private final Marketplace marketplace;

    ResolveCustomerOperation(Marketplace marketplace) {
        this.marketplace = marketplace;
    }

    ObjectNode handle(JsonNode request) {
        String token = WireFormat.requiredString(request, "RegistrationToken", "registrationToken");
        WireFormat.checkPattern(token, "registrationToken", NON_EMPTY);
        SimulatedCustomer customer = marketplace.redeem(token);
        SimulatedProduct product = marketplace.findProduct(customer.productCode()).orElseThrow();

        ObjectNode response = WireFormat.object();
        if (!product.usesConcurrentAgreements()) {
            response.put("CustomerIdentifier", customer.customerIdentifier());
        }
        response.put("CustomerAWSAccountId", customer.awsAccountId());
        response.put("ProductCode", customer.productCode());
        if (product.returnsLicenseArns()) {
            response.put("LicenseArn", customer.licenseArn());
        }
        return response;
    }
}
