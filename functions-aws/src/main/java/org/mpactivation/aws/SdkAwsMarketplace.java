package org.mpactivation.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.MarketplaceTokenRejectedException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.marketplaceentitlement.MarketplaceEntitlementClient;
import software.amazon.awssdk.services.marketplaceentitlement.model.EntitlementValue;
import software.amazon.awssdk.services.marketplaceentitlement.model.GetEntitlementFilterName;
import software.amazon.awssdk.services.marketplaceentitlement.model.GetEntitlementsRequest;
import software.amazon.awssdk.services.marketplaceentitlement.model.GetEntitlementsResponse;
import software.amazon.awssdk.services.marketplacemetering.MarketplaceMeteringClient;
import software.amazon.awssdk.services.marketplacemetering.model.ExpiredTokenException;
import software.amazon.awssdk.services.marketplacemetering.model.InvalidTokenException;
import software.amazon.awssdk.services.marketplacemetering.model.ResolveCustomerRequest;
import software.amazon.awssdk.services.marketplacemetering.model.ResolveCustomerResponse;

/**
 * AWS Marketplace through the SDK v2 Metering and Entitlement clients. SDK failures become the
 * port's exceptions; the cause is kept, the token never logged.
 */
public final class SdkAwsMarketplace implements AwsMarketplace, AutoCloseable {

    private final MarketplaceMeteringClient metering;
    private final MarketplaceEntitlementClient entitlements;
    private final String partition;

    /**
     * @param metering     null for a function that never resolves a token
     * @param entitlements null for a function that never reads entitlements
     */
    public SdkAwsMarketplace(MarketplaceMeteringClient metering, MarketplaceEntitlementClient entitlements,
                             String partition) {
        this.metering = metering;
        this.entitlements = entitlements;
        this.partition = partition;
    }

    @Override
    public AwsCustomer resolveCustomer(String registrationToken) {
        if (metering == null) {
            throw new IllegalStateException("this function does not resolve registration tokens");
        }
        AtomicReference<String> licenseArn = new AtomicReference<>();
        try {
            ResolveCustomerResponse response = metering.resolveCustomer(ResolveCustomerRequest.builder()
                    .registrationToken(registrationToken)
                    .overrideConfiguration(c -> c.putExecutionAttribute(LicenseArnCapture.SINK, licenseArn))
                    .build());
            return new AwsCustomer(response.customerIdentifier(), response.customerAWSAccountId(),
                    response.productCode(), licenseArn.get());
        } catch (InvalidTokenException e) {
            throw new MarketplaceTokenRejectedException(MarketplaceTokenRejectedException.Reason.INVALID, e);
        } catch (ExpiredTokenException e) {
            throw new MarketplaceTokenRejectedException(MarketplaceTokenRejectedException.Reason.EXPIRED, e);
        } catch (SdkException e) {
            throw new MarketplaceUnavailableException("ResolveCustomer failed: " + errorCode(e), e);
        }
    }

    @Override
    public List<Entitlement> entitlements(AwsCustomer customer) {
        if (entitlements == null) {
            throw new IllegalStateException("this function does not read entitlements");
        }
        GetEntitlementFilterName filter = customer.customerAwsAccountId() != null
                ? GetEntitlementFilterName.CUSTOMER_AWS_ACCOUNT_ID : GetEntitlementFilterName.CUSTOMER_IDENTIFIER;
        String value = customer.customerAwsAccountId() != null
                ? customer.customerAwsAccountId() : customer.customerIdentifier();
        List<Entitlement> result = new ArrayList<>();
        String nextToken = null;
        try {
            do {
                GetEntitlementsResponse page = entitlements.getEntitlements(GetEntitlementsRequest.builder()
                        .productCode(customer.productCode())
                        .filter(Map.of(filter, List.of(value)))
                        .nextToken(nextToken)
                        .maxResults(25)
                        .build());
                page.entitlements().forEach(e -> result.add(new Entitlement(e.dimension(), valueText(e.value()),
                        e.expirationDate())));
                nextToken = page.nextToken();
            } while (nextToken != null && !nextToken.isEmpty());
        } catch (SdkException e) {
            throw new MarketplaceUnavailableException("GetEntitlements failed: " + errorCode(e), e);
        }
        return result;
    }

    @Override
    public String partition() {
        return partition;
    }

    @Override
    public void close() {
        if (metering != null) {
            metering.close();
        }
        if (entitlements != null) {
            entitlements.close();
        }
    }

    private static String valueText(EntitlementValue value) {
        if (value == null) {
            return "";
        }
        if (value.integerValue() != null) {
            return value.integerValue().toString();
        }
        if (value.doubleValue() != null) {
            return value.doubleValue().toString();
        }
        if (value.booleanValue() != null) {
            return value.booleanValue().toString();
        }
        return value.stringValue() == null ? "" : value.stringValue();
    }

    private static String errorCode(SdkException e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }
}
