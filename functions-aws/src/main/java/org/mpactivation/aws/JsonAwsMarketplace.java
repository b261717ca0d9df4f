package org.mpactivation.aws;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mpactivation.adapter.aws.AwsClientException;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.aws.AwsServiceException;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.MarketplaceTokenRejectedException;
import org.mpactivation.port.out.MarketplaceUnavailableException;

/**
 * AWS Marketplace on the light JSON client: ResolveCustomer (Metering) and GetEntitlements (Entitlement).
 * Failures become the port's exceptions with the cause kept; the registration token goes only into the
 * signed request body, never into a message or a log line.
 *
 * <p>ResolveCustomer's answer is read whole here, {@code LicenseArn} included: the pinned SDK model did not
 * know that field, so the SDK adapter had to fish it out of the raw answer; the streaming read simply takes it.
 */
public final class JsonAwsMarketplace implements AwsMarketplace {

    /** GetEntitlements' largest page. */
    static final int PAGE_SIZE = 25;

    private final AwsJsonClient metering;
    private final AwsJsonClient entitlements;
    private final CallBudget budget;
    private final String partition;

    /**
     * @param metering     null for a function that never resolves a token
     * @param entitlements null for a function that never reads entitlements
     * @param budget       the transport both clients send through, bounding each call's time
     */
    public JsonAwsMarketplace(AwsJsonClient metering, AwsJsonClient entitlements, CallBudget budget,
                              String partition) {
        this.metering = metering;
        this.entitlements = entitlements;
        this.budget = Objects.requireNonNull(budget, "budget");
        this.partition = partition;
    }

    @Override
    public AwsCustomer resolveCustomer(String registrationToken) {
        if (metering == null) {
            throw new IllegalStateException("this function does not resolve registration tokens");
        }
        ResolvedCustomer resolved;
        try (CallBudget.Scope ignored = budget.open()) {
            resolved = metering.call("ResolveCustomer", json -> {
                json.writeStartObject();
                json.writeStringField("RegistrationToken", registrationToken);
                json.writeEndObject();
            }, JsonAwsMarketplace::resolvedCustomer);
        } catch (AwsServiceException e) {
            if (e.is("InvalidTokenException")) {
                throw new MarketplaceTokenRejectedException(MarketplaceTokenRejectedException.Reason.INVALID, e);
            }
            if (e.is("ExpiredTokenException")) {
                throw new MarketplaceTokenRejectedException(MarketplaceTokenRejectedException.Reason.EXPIRED, e);
            }
            throw new MarketplaceUnavailableException("ResolveCustomer failed: " + e.errorCode(), e);
        } catch (AwsClientException e) {
            throw new MarketplaceUnavailableException("ResolveCustomer failed: " + e.getClass().getSimpleName(), e);
        }
        try {
            return new AwsCustomer(resolved.customerIdentifier, resolved.accountId, resolved.productCode,
                    resolved.licenseArn);
        } catch (IllegalArgumentException | NullPointerException e) {
            // An answer without the product or the buyer cannot start an activation; nothing of it is logged.
            throw new MarketplaceUnavailableException("ResolveCustomer answered without a product or a buyer", e);
        }
    }

    @Override
    public List<Entitlement> entitlements(AwsCustomer customer) {
        if (entitlements == null) {
            throw new IllegalStateException("this function does not read entitlements");
        }
        String filter = customer.customerAwsAccountId() != null ? "CUSTOMER_AWS_ACCOUNT_ID" : "CUSTOMER_IDENTIFIER";
        String value = customer.customerAwsAccountId() != null
                ? customer.customerAwsAccountId() : customer.customerIdentifier();
        List<Entitlement> result = new ArrayList<>();
        String nextToken = null;
        try {
            do {
                String token = nextToken;
                EntitlementPage page;
                try (CallBudget.Scope ignored = budget.open()) {
                    page = entitlements.call("GetEntitlements",
                            json -> entitlementsRequest(json, customer.productCode(), filter, value, token),
                            EntitlementPage::read);
                }
                result.addAll(page.entitlements);
                nextToken = page.nextToken;
            } while (nextToken != null && !nextToken.isEmpty());
        } catch (AwsServiceException e) {
            throw new MarketplaceUnavailableException("GetEntitlements failed: " + e.errorCode(), e);
        } catch (AwsClientException e) {
            throw new MarketplaceUnavailableException("GetEntitlements failed: " + e.getClass().getSimpleName(), e);
        }
        return result;
    }

    @Override
    public String partition() {
        return partition;
    }

    private static void entitlementsRequest(JsonGenerator json, String productCode, String filter, String value,
                                            String nextToken) throws IOException {
        json.writeStartObject();
        json.writeStringField("ProductCode", productCode);
        json.writeObjectFieldStart("Filter");
        json.writeArrayFieldStart(filter);
        json.writeString(value);
        json.writeEndArray();
        json.writeEndObject();
        if (nextToken != null) {
            json.writeStringField("NextToken", nextToken);
        }
        json.writeNumberField("MaxResults", PAGE_SIZE);
        json.writeEndObject();
    }

    /** ResolveCustomer's answer: its four top-level strings (a repeated field: the last one counts). */
    static ResolvedCustomer resolvedCustomer(JsonParser json) throws IOException {
        ResolvedCustomer customer = new ResolvedCustomer();
        if (!AnswerFields.enterObject(json)) {
            return customer;
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            switch (name) {
                case "CustomerIdentifier" -> customer.customerIdentifier = AnswerFields.text(json);
                case "CustomerAWSAccountId" -> customer.accountId = AnswerFields.text(json);
                case "ProductCode" -> customer.productCode = AnswerFields.text(json);
                case "LicenseArn" -> customer.licenseArn = AnswerFields.text(json);
                default -> json.skipChildren();
            }
        }
        return customer;
    }

    /** The fields of a ResolveCustomer answer; any may be missing. */
    static final class ResolvedCustomer {
        String customerIdentifier;
        String accountId;
        String productCode;
        String licenseArn;
    }
}
