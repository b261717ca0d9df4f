package org.mpactivation.simulator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.marketplacemetering.model.DisabledApiException;
import software.amazon.awssdk.services.marketplacemetering.model.ExpiredTokenException;
import software.amazon.awssdk.services.marketplacemetering.model.InternalServiceErrorException;
import software.amazon.awssdk.services.marketplacemetering.model.InvalidTokenException;
import software.amazon.awssdk.services.marketplacemetering.model.MarketplaceMeteringException;
import software.amazon.awssdk.services.marketplacemetering.model.ResolveCustomerResponse;
import software.amazon.awssdk.services.marketplacemetering.model.ThrottlingException;

class ResolveCustomerTest {

    private MarketplaceFixture fixture = new MarketplaceFixture();
    private final AwsMarketplaceSimulator marketplace = fixture.simulator;

    @AfterEach
    void close() {
        fixture.close();
    }

    private ResolveCustomerResponse resolve(String token) {
        return fixture.metering.resolveCustomer(r -> r.registrationToken(token));
    }

    @Test
    void resolvesAnIssuedTokenToTheCustomerAndProduct() {
        marketplace.product("prod-legacy").dimensions("users");
        SimulatedCustomer customer = marketplace.registerCustomer("prod-legacy", "Cust0mer1d", "123456789012");

        ResolveCustomerResponse response = resolve(marketplace.issueToken(customer));

        assertEquals("Cust0mer1d", response.customerIdentifier());
        assertEquals("123456789012", response.customerAWSAccountId());
        assertEquals("prod-legacy", response.productCode());
        assertFalse(fixture.raw.lastBody().has("LicenseArn"), "a product without licence ARNs returns none");
        assertEquals(1, marketplace.callCount(AwsOperation.RESOLVE_CUSTOMER));
    }

    @Test
    void returnsTheLicenseArnWhereTheProductIsConfiguredToAndOmitsTheIdentifierForConcurrentAgreements() {
        marketplace.product("prod-licensed").dimensions("users").withLicenseArns(true);
        marketplace.product("prod-concurrent").dimensions("users").concurrentAgreements(true);
        SimulatedCustomer licensed = marketplace.registerCustomer("prod-licensed", "LicensedCust", "111122223333");
        SimulatedCustomer concurrent = marketplace.registerCustomer("prod-concurrent", "HiddenCust", "444455556666");

        ResolveCustomerResponse first = resolve(marketplace.issueToken(licensed));
        assertEquals("LicensedCust", first.customerIdentifier());
        assertEquals(licensed.licenseArn(), fixture.raw.lastBody().path("LicenseArn").asText());
        assertTrue(licensed.licenseArn().startsWith("arn:aws:license-manager::111122223333:license:l-"));

        ResolveCustomerResponse second = resolve(marketplace.issueToken(concurrent));
        assertNull(second.customerIdentifier(), "new integrations get no CustomerIdentifier");
        assertEquals("444455556666", second.customerAWSAccountId());
        assertEquals("prod-concurrent", second.productCode());
        assertEquals(concurrent.licenseArn(), fixture.raw.lastBody().path("LicenseArn").asText());
    }

    @Test
    void anUnknownTokenIsInvalid() {
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> resolve("bm90LWEtdG9rZW4="));
        assertEquals(400, e.statusCode());
        assertEquals("InvalidTokenException", e.awsErrorDetails().errorCode());
    }

    @Test
    void aTokenExpiresAfterItsLifetime() {
        marketplace.product("prod-a").dimensions("users");
        SimulatedCustomer customer = marketplace.registerCustomer("prod-a");
        String token = marketplace.issueToken(customer);

        fixture.clock.advance(AwsMarketplaceSimulator.DEFAULT_TOKEN_LIFETIME.minusSeconds(1));
        assertEquals(customer.customerIdentifier(), resolve(token).customerIdentifier(), "still valid, and reusable");

        fixture.clock.advance(Duration.ofSeconds(1));
        ExpiredTokenException e = assertThrows(ExpiredTokenException.class, () -> resolve(token));
        assertEquals(400, e.statusCode());
    }

    @Test
    void aTokenWithItsOwnLifetimeAndAnExpiredTokenAreRefused() {
        marketplace.product("prod-a").dimensions("users");
        SimulatedCustomer customer = marketplace.registerCustomer("prod-a");
        String shortLived = marketplace.issueToken(customer, Duration.ofMinutes(5));
        String expired = marketplace.issueToken(customer);
        marketplace.expireToken(expired);

        assertThrows(ExpiredTokenException.class, () -> resolve(expired));
        resolve(shortLived);
        fixture.clock.advance(Duration.ofMinutes(5));
        assertThrows(ExpiredTokenException.class, () -> resolve(shortLived));
    }

    @Test
    void singleUseTokensCannotBeResubmitted() {
        fixture.close();
        fixture = new MarketplaceFixture(builder -> builder.singleUseTokens(true));
        AwsMarketplaceSimulator simulator = fixture.simulator;
        simulator.product("prod-a").dimensions("users");
        String token = simulator.issueToken(simulator.registerCustomer("prod-a"));

        resolve(token);
        assertThrows(ExpiredTokenException.class, () -> resolve(token));
    }

    @Test
    void aMissingTokenFailsValidation() {
        MarketplaceMeteringException e = assertThrows(MarketplaceMeteringException.class,
                () -> fixture.metering.resolveCustomer(r -> { }));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
    }

    @Test
    void injectedFaultsSurfaceAsTheirTypedExceptions() {
        marketplace.product("prod-a").dimensions("users");
        String token = marketplace.issueToken(marketplace.registerCustomer("prod-a"));
        marketplace.faults()
                .throttleNext(AwsOperation.RESOLVE_CUSTOMER, 1)
                .failNext(AwsOperation.RESOLVE_CUSTOMER, MarketplaceError.INTERNAL_SERVICE_ERROR);

        assertEquals(400, assertThrows(ThrottlingException.class, () -> resolve(token)).statusCode());
        assertEquals(500, assertThrows(InternalServiceErrorException.class, () -> resolve(token)).statusCode());
        resolve(token);

        marketplace.faults().disable(AwsOperation.RESOLVE_CUSTOMER);
        assertThrows(DisabledApiException.class, () -> resolve(token));
        marketplace.faults().enable(AwsOperation.RESOLVE_CUSTOMER);
        resolve(token);
        assertEquals(5, marketplace.callCount(AwsOperation.RESOLVE_CUSTOMER));
    }

    @Test
    void theSdkRetriesThrottlingAndInternalErrorsByDefault() {
        marketplace.product("prod-a").dimensions("users");
        SimulatedCustomer customer = marketplace.registerCustomer("prod-a");
        String token = marketplace.issueToken(customer);
        marketplace.faults()
                .throttleNext(AwsOperation.RESOLVE_CUSTOMER, 1)
                .failNext(AwsOperation.RESOLVE_CUSTOMER, MarketplaceError.INTERNAL_SERVICE_ERROR);

        ResolveCustomerResponse response = fixture.retryingMetering.resolveCustomer(r -> r.registrationToken(token));

        assertEquals(customer.customerIdentifier(), response.customerIdentifier());
        assertEquals(3, marketplace.callCount(AwsOperation.RESOLVE_CUSTOMER), "two failed attempts and one success");
        assertNotEquals("UNKNOWN", response.responseMetadata().requestId());
    }
}
