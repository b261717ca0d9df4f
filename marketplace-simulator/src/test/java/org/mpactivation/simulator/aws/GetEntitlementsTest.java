package org.mpactivation.simulator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.marketplaceentitlement.model.Entitlement;
import software.amazon.awssdk.services.marketplaceentitlement.model.GetEntitlementFilterName;
import software.amazon.awssdk.services.marketplaceentitlement.model.GetEntitlementsRequest;
import software.amazon.awssdk.services.marketplaceentitlement.model.GetEntitlementsResponse;
import software.amazon.awssdk.services.marketplaceentitlement.model.InternalServiceErrorException;
import software.amazon.awssdk.services.marketplaceentitlement.model.InvalidParameterException;
import software.amazon.awssdk.services.marketplaceentitlement.model.MarketplaceEntitlementException;
import software.amazon.awssdk.services.marketplaceentitlement.model.ThrottlingException;

class GetEntitlementsTest {

    private static final Instant CONTRACT_END = Instant.parse("2027-03-02T00:00:00Z");

    private final MarketplaceFixture fixture = new MarketplaceFixture();
    private final AwsMarketplaceSimulator marketplace = fixture.simulator;

    @AfterEach
    void close() {
        fixture.close();
    }

    private GetEntitlementsResponse get(GetEntitlementsRequest.Builder request) {
        return fixture.entitlements.getEntitlements(request.build());
    }

    @Test
    void theSdkModelKnowsTheseFilterNames() {
        assertEquals(Set.of(GetEntitlementFilterName.CUSTOMER_IDENTIFIER, GetEntitlementFilterName.DIMENSION,
                GetEntitlementFilterName.CUSTOMER_AWS_ACCOUNT_ID), GetEntitlementFilterName.knownValues());
    }

    @Test
    void returnsTheCustomersEntitlementsWithEveryKindOfValue() {
        marketplace.product("prod-contract").dimensions("seats", "ratio", "premium", "tier");
        SimulatedCustomer customer = marketplace.registerCustomer("prod-contract", "CustA", "123456789012");
        SimulatedCustomer other = marketplace.registerCustomer("prod-contract", "CustB", "210987654321");
        marketplace.entitlement(customer, "seats", EntitlementValue.ofInteger(25), CONTRACT_END);
        marketplace.entitlement(customer, "ratio", EntitlementValue.ofDouble(0.75), CONTRACT_END);
        marketplace.entitlement(customer, "premium", EntitlementValue.ofBoolean(true), CONTRACT_END);
        marketplace.entitlement(customer, "tier", EntitlementValue.ofString("gold"), null);
        marketplace.entitlement(other, "seats", EntitlementValue.ofInteger(3), CONTRACT_END);

        GetEntitlementsResponse response = get(GetEntitlementsRequest.builder().productCode("prod-contract")
                .filter(Map.of(GetEntitlementFilterName.CUSTOMER_IDENTIFIER, List.of("CustA"))));

        assertNull(response.nextToken());
        List<Entitlement> entitlements = response.entitlements();
        assertEquals(4, entitlements.size());
        Entitlement seats = entitlements.get(0);
        assertEquals("prod-contract", seats.productCode());
        assertEquals("seats", seats.dimension());
        assertEquals("CustA", seats.customerIdentifier());
        assertEquals("123456789012", seats.customerAWSAccountId());
        assertEquals(25, seats.value().integerValue());
        assertEquals(CONTRACT_END, seats.expirationDate());
        assertEquals(0.75, entitlements.get(1).value().doubleValue());
        assertEquals(Boolean.TRUE, entitlements.get(2).value().booleanValue());
        assertEquals("gold", entitlements.get(3).value().stringValue());
        assertNull(entitlements.get(3).expirationDate());
        assertEquals(1, marketplace.callCount(AwsOperation.GET_ENTITLEMENTS));
    }

    @Test
    void filtersByAccountIdAndDimensionAndIntersectsFilters() {
        marketplace.product("prod-contract").dimensions("seats", "storage");
        SimulatedCustomer a = marketplace.registerCustomer("prod-contract", "CustA", "111111111111");
        SimulatedCustomer b = marketplace.registerCustomer("prod-contract", "CustB", "222222222222");
        SimulatedCustomer c = marketplace.registerCustomer("prod-contract", "CustC", "333333333333");
        for (SimulatedCustomer customer : List.of(a, b, c)) {
            marketplace.entitlement(customer, "seats", EntitlementValue.ofInteger(5), CONTRACT_END);
            marketplace.entitlement(customer, "storage", EntitlementValue.ofInteger(100), CONTRACT_END);
        }

        GetEntitlementsResponse byAccounts = get(GetEntitlementsRequest.builder().productCode("prod-contract")
                .filter(Map.of(GetEntitlementFilterName.CUSTOMER_AWS_ACCOUNT_ID, List.of("111111111111", "333333333333"))));
        assertEquals(4, byAccounts.entitlements().size(), "values of one filter are unioned");

        GetEntitlementsResponse intersected = get(GetEntitlementsRequest.builder().productCode("prod-contract")
                .filter(Map.of(GetEntitlementFilterName.CUSTOMER_AWS_ACCOUNT_ID, List.of("111111111111", "333333333333"),
                        GetEntitlementFilterName.DIMENSION, List.of("storage"))));
        assertEquals(2, intersected.entitlements().size(), "filters are intersected");
        assertTrue(intersected.entitlements().stream().allMatch(e -> e.dimension().equals("storage")));

        assertEquals(6, get(GetEntitlementsRequest.builder().productCode("prod-contract")).entitlements().size());
    }

    @Test
    void newerClientsCanFilterByLicenseArnWhichTheyReceive() {
        marketplace.product("prod-concurrent").dimensions("seats").concurrentAgreements(true);
        SimulatedCustomer first = marketplace.registerCustomer("prod-concurrent", "123456789012");
        SimulatedCustomer second = marketplace.registerCustomer("prod-concurrent", "123456789012");
        marketplace.entitlement(first, "seats", EntitlementValue.ofInteger(10), CONTRACT_END);
        marketplace.entitlement(second, "seats", EntitlementValue.ofInteger(20), CONTRACT_END);

        GetEntitlementsResponse response = get(GetEntitlementsRequest.builder().productCode("prod-concurrent")
                .filterWithStrings(Map.of("LICENSE_ARN", List.of(second.licenseArn()))));

        assertEquals(1, response.entitlements().size());
        Entitlement entitlement = response.entitlements().get(0);
        assertEquals(20, entitlement.value().integerValue());
        assertNull(entitlement.customerIdentifier(), "concurrent-agreement products carry no CustomerIdentifier");
        assertEquals("123456789012", entitlement.customerAWSAccountId());
        assertEquals(second.licenseArn(), fixture.raw.lastBody().path("Entitlements").path(0).path("LicenseArn").asText());
    }

    @Test
    void paginatesWithMaxResultsAndNextToken() {
        marketplace.product("prod-contract").dimensions("seats", "storage");
        for (int i = 0; i < 7; i++) {
            SimulatedCustomer customer = marketplace.registerCustomer("prod-contract");
            marketplace.entitlement(customer, "seats", EntitlementValue.ofInteger(i), CONTRACT_END);
        }

        List<Integer> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String nextToken = null;
        do {
            GetEntitlementsResponse page = get(GetEntitlementsRequest.builder().productCode("prod-contract")
                    .maxResults(3).nextToken(nextToken));
            pageSizes.add(page.entitlements().size());
            page.entitlements().forEach(e -> seen.add(e.value().integerValue()));
            nextToken = page.nextToken();
        } while (nextToken != null);

        assertEquals(List.of(3, 3, 1), pageSizes);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), seen);

        Set<Integer> viaPaginator = new HashSet<>();
        fixture.entitlements.getEntitlementsPaginator(r -> r.productCode("prod-contract").maxResults(2))
                .forEach(page -> page.entitlements().forEach(e -> viaPaginator.add(e.value().integerValue())));
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6), viaPaginator);
    }

    @Test
    void maxResultsOutsideOneToTwentyFiveFailsValidation() {
        marketplace.product("prod-contract").dimensions("seats");
        for (int bad : new int[] {0, 26}) {
            MarketplaceEntitlementException e = assertThrows(MarketplaceEntitlementException.class,
                    () -> get(GetEntitlementsRequest.builder().productCode("prod-contract").maxResults(bad)));
            assertEquals("ValidationException", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
        }
        assertNotNull(get(GetEntitlementsRequest.builder().productCode("prod-contract").maxResults(25)));
    }

    @Test
    void badInputIsRefusedWithTheDocumentedErrors() {
        marketplace.product("prod-contract").dimensions("seats");

        InvalidParameterException both = assertThrows(InvalidParameterException.class,
                () -> get(GetEntitlementsRequest.builder().productCode("prod-contract").filter(Map.of(
                        GetEntitlementFilterName.CUSTOMER_IDENTIFIER, List.of("CustA"),
                        GetEntitlementFilterName.CUSTOMER_AWS_ACCOUNT_ID, List.of("123456789012")))));
        assertEquals(400, both.statusCode());

        assertThrows(InvalidParameterException.class,
                () -> get(GetEntitlementsRequest.builder().productCode("prod-contract").nextToken("not-our-token")));
        assertThrows(InvalidParameterException.class, () -> get(GetEntitlementsRequest.builder().productCode("prod-unknown")));

        MarketplaceEntitlementException unknownFilter = assertThrows(MarketplaceEntitlementException.class,
                () -> get(GetEntitlementsRequest.builder().productCode("prod-contract")
                        .filterWithStrings(Map.of("CUSTOMER_EMAIL", List.of("x")))));
        assertEquals("ValidationException", unknownFilter.awsErrorDetails().errorCode());

        MarketplaceEntitlementException emptyValues = assertThrows(MarketplaceEntitlementException.class,
                () -> get(GetEntitlementsRequest.builder().productCode("prod-contract")
                        .filter(Map.of(GetEntitlementFilterName.DIMENSION, List.of()))));
        assertEquals("ValidationException", emptyValues.awsErrorDetails().errorCode());

        MarketplaceEntitlementException noProduct = assertThrows(MarketplaceEntitlementException.class,
                () -> get(GetEntitlementsRequest.builder()));
        assertEquals("ValidationException", noProduct.awsErrorDetails().errorCode());
    }

    @Test
    void aTokenOfOneQueryCannotContinueAnother() {
        marketplace.product("prod-contract").dimensions("seats", "storage");
        for (int i = 0; i < 3; i++) {
            SimulatedCustomer customer = marketplace.registerCustomer("prod-contract");
            marketplace.entitlement(customer, "seats", EntitlementValue.ofInteger(i), CONTRACT_END);
            marketplace.entitlement(customer, "storage", EntitlementValue.ofInteger(i), CONTRACT_END);
        }
        String token = get(GetEntitlementsRequest.builder().productCode("prod-contract").maxResults(1)).nextToken();
        assertNotNull(token);

        assertThrows(InvalidParameterException.class, () -> get(GetEntitlementsRequest.builder()
                .productCode("prod-contract").nextToken(token)
                .filter(Map.of(GetEntitlementFilterName.DIMENSION, List.of("seats")))));
    }

    @Test
    void unsubscribedCustomersAndExpiredEntitlementsAreNotReturned() {
        marketplace.product("prod-contract").dimensions("seats");
        SimulatedCustomer leaving = marketplace.registerCustomer("prod-contract", "Leaving", "111111111111");
        SimulatedCustomer ending = marketplace.registerCustomer("prod-contract", "Ending", "222222222222");
        marketplace.entitlement(leaving, "seats", EntitlementValue.ofInteger(1), CONTRACT_END);
        marketplace.entitlement(ending, "seats", EntitlementValue.ofInteger(2),
                MarketplaceFixture.START.plus(Duration.ofDays(30)));
        assertEquals(2, get(GetEntitlementsRequest.builder().productCode("prod-contract")).entitlements().size());

        marketplace.unsubscribe(leaving);
        assertEquals(List.of("Ending"), get(GetEntitlementsRequest.builder().productCode("prod-contract"))
                .entitlements().stream().map(Entitlement::customerIdentifier).toList());

        fixture.clock.advance(Duration.ofDays(30));
        assertTrue(get(GetEntitlementsRequest.builder().productCode("prod-contract")).entitlements().isEmpty());
    }

    @Test
    void injectedFaultsSurfaceAsEntitlementServiceExceptions() {
        marketplace.product("prod-contract").dimensions("seats");
        marketplace.faults().throttleNext(AwsOperation.GET_ENTITLEMENTS, 1)
                .failNext(AwsOperation.GET_ENTITLEMENTS, MarketplaceError.INTERNAL_SERVICE_ERROR);

        assertThrows(ThrottlingException.class, () -> get(GetEntitlementsRequest.builder().productCode("prod-contract")));
        assertEquals(500, assertThrows(InternalServiceErrorException.class,
                () -> get(GetEntitlementsRequest.builder().productCode("prod-contract"))).statusCode());
        assertTrue(get(GetEntitlementsRequest.builder().productCode("prod-contract")).entitlements().isEmpty());
    }
}
