package org.mpactivation.simulator.azure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mpactivation.simulator.LoopbackServer;

/**
 * A local Azure Marketplace: an HTTP server speaking the SaaS Fulfillment API v2 and the Marketplace Metering API
 * (api-version 2018-08-31) below one base path, plus the Java API with which a test or a simulator page acts as
 * the publisher's Partner Center (offers, plans, dimensions), as a buyer (subscribes, gets a landing token) and
 * as the marketplace (starts plan, quantity, suspend, reinstate, renew and unsubscribe operations), programs
 * faults and reads the accepted usage.
 *
 * <pre>{@code
 * try (AzureMarketplaceSimulator azure = AzureMarketplaceSimulator.builder().clock(clock)
 *         .acceptedTokens(AccessTokenCheck.acceptingOnly("local-token")).start()) {
 *     azure.createOffer(new AzureOffer("contoso", "contoso-saas", List.of(AzurePlan.flatRate("basic", "requests"))));
 *     Purchase purchase = azure.subscribe("contoso-saas", "basic", null, Identity.withEmail("buyer@example.com"));
 *     URI landing = purchase.landingUrl(URI.create("http://localhost:8080/azure/landing"));
 *     ... // the code under test resolves the token, activates, meters usage against azure.baseUri()
 * }
 * }</pre>
 */
public final class AzureMarketplaceSimulator implements AutoCloseable {

    /** The only api-version the fulfillment and metering APIs accept. */
    public static final String API_VERSION = "2018-08-31";
    /** The landing token's lifetime per the fulfillment API documentation (the OpenAPI text says one hour). */
    public static final Duration DOCUMENTED_TOKEN_LIFETIME = Duration.ofHours(24);
    /** Usage older than this is refused as Expired. */
    public static final Duration DOCUMENTED_METERING_WINDOW = Duration.ofHours(24);
    public static final String DEFAULT_PUBLISHER = "contoso";

    private final AzureMarketplace marketplace;
    private final UsageMeter meter;
    private final AzureFaultPlan faults = new AzureFaultPlan();
    private final AzureHttpEndpoint endpoint;
    private final LoopbackServer server;
    private final URI baseUri;

    private AzureMarketplaceSimulator(Builder builder) {
        this.marketplace = new AzureMarketplace(builder.clock, builder.tokenLifetime, builder.singleUseTokens);
        this.meter = new UsageMeter(marketplace, builder.meteringWindow);
        this.server = LoopbackServer.bind(builder.address, builder.port, builder.threads, "azure-marketplace-simulator");
        this.baseUri = URI.create(server.uri() + builder.basePath);
        this.endpoint = new AzureHttpEndpoint(builder.basePath, builder.tokens, faults,
                new FulfillmentApi(marketplace, baseUri, builder.pageSize), new MeteringApi(meter, builder.clock));
        server.start(endpoint);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- the server ----

    /**
     * The base URL of both APIs, e.g. {@code http://127.0.0.1:41234/api}: fulfillment calls go to
     * {@code <base>/saas/subscriptions/...}, metering calls to {@code <base>/usageEvent} and
     * {@code <base>/batchUsageEvent}.
     */
    public URI baseUri() {
        return baseUri;
    }

    public Clock clock() {
        return marketplace.clock();
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- Partner Center and the buyer ----

    public void createOffer(AzureOffer offer) {
        marketplace.createOffer(Objects.requireNonNull(offer, "offer"));
    }

    /** The buyer purchases a plan (quantity for per-seat plans, null otherwise); the subscription awaits activation. */
    public Purchase subscribe(String offerId, String planId, Integer quantity, Identity buyer) {
        return marketplace.subscribe(offerId, planId, quantity, Objects.requireNonNull(buyer, "buyer"),
                planId + " for " + buyer.emailId());
    }

    /** A fresh landing token for the subscription, as when the buyer selects "Configure account" again. */
    public String issueLandingToken(String subscriptionId) {
        return marketplace.issueToken(subscriptionId);
    }

    public AzureSubscription subscription(String subscriptionId) {
        return marketplace.find(subscriptionId)
                .orElseThrow(() -> new IllegalArgumentException("no subscription " + subscriptionId));
    }

    // ---- the marketplace's operations ----

    /** The buyer changes plan in Azure: an InProgress operation, applied once the publisher accepts it. */
    public MarketplaceOperation changePlan(String subscriptionId, String planId) {
        return marketplace.startOperation(subscriptionId, OperationAction.ChangePlan, planId, null);
    }

    /** The buyer changes the seat count in Azure: an InProgress operation, applied once accepted. */
    public MarketplaceOperation changeQuantity(String subscriptionId, int quantity) {
        return marketplace.startOperation(subscriptionId, OperationAction.ChangeQuantity, null, quantity);
    }

    /** Payment failed: the subscription is Suspended at once (a notification). */
    public MarketplaceOperation suspend(String subscriptionId) {
        return marketplace.startOperation(subscriptionId, OperationAction.Suspend, null, null);
    }

    /** Payment was fixed: an InProgress operation, the subscription is Subscribed again once accepted. */
    public MarketplaceOperation reinstate(String subscriptionId) {
        return marketplace.startOperation(subscriptionId, OperationAction.Reinstate, null, null);
    }

    /** The term renewed: the next term starts the day after the current one ends (a notification). */
    public MarketplaceOperation renew(String subscriptionId) {
        return marketplace.startOperation(subscriptionId, OperationAction.Renew, null, null);
    }

    /** The buyer cancelled in Azure: Unsubscribed at once (a notification). */
    public MarketplaceOperation unsubscribe(String subscriptionId) {
        return marketplace.startOperation(subscriptionId, OperationAction.Unsubscribe, null, null);
    }

    /**
     * The buyer turns recurring billing off (false) or on again (true) in the Azure portal: the subscription's
     * {@code autoRenew} changes at once; Azure sends no webhook for it, so only a read of the subscription shows it.
     */
    public AzureSubscription autoRenew(String subscriptionId, boolean renews) {
        return marketplace.setAutoRenew(subscriptionId, renews);
    }

    /** Settles an InProgress operation as the webhook's answer would: true as a 2xx, false as a 4xx. */
    public MarketplaceOperation settleOperation(String operationId, boolean accepted) {
        return marketplace.settle(operationId, accepted);
    }

    public Optional<MarketplaceOperation> operation(String operationId) {
        return marketplace.operation(operationId);
    }

    /** Every operation so far, in the order they started. */
    public List<MarketplaceOperation> operations() {
        return marketplace.operations();
    }

    /**
     * The JSON body the marketplace posts to the publisher's connection webhook for this operation, with the
     * subscription as it is now.
     */
    public ObjectNode webhookPayload(String operationId) {
        MarketplaceOperation operation = marketplace.operation(operationId)
                .orElseThrow(() -> new IllegalArgumentException("no operation " + operationId));
        return AzureWire.webhook(operation, subscription(operation.subscriptionId()));
    }

    // ---- faults, usage, counts ----

    public AzureFaultPlan faults() {
        return faults;
    }

    /** The usage events accepted so far, in acceptance order. */
    public List<AcceptedUsage> acceptedUsage() {
        return meter.accepted();
    }

    public List<AcceptedUsage> acceptedUsage(String subscriptionId) {
        return meter.accepted().stream().filter(usage -> usage.resourceId().equals(subscriptionId)).toList();
    }

    /** How many calls of the API passed the api-version and token checks, whatever their outcome. */
    public long callCount(AzureApi api) {
        return endpoint.callCount(api);
    }

    /** Settings of a simulator to start. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port;
        private int threads = 4;
        private String basePath = "/api";
        private AccessTokenCheck tokens = AccessTokenCheck.acceptingOnly(Set.of());
        private Duration tokenLifetime = DOCUMENTED_TOKEN_LIFETIME;
        private boolean singleUseTokens;
        private Duration meteringWindow = DOCUMENTED_METERING_WINDOW;
        private int pageSize = 100;

        private Builder() {
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder address(InetAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            this.port = port;
            return this;
        }

        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be positive");
            }
            this.threads = threads;
            return this;
        }

        /** The path both APIs live under ({@code /api} by default, as on marketplaceapi.microsoft.com). */
        public Builder basePath(String path) {
            if (!path.startsWith("/") || path.endsWith("/") || path.contains("?")) {
                throw new IllegalArgumentException("a base path starts with / and does not end with one");
            }
            this.basePath = path;
            return this;
        }

        /** Which bearer tokens the APIs accept; none by default, so every call answers 403 until this is set. */
        public Builder acceptedTokens(AccessTokenCheck check) {
            this.tokens = Objects.requireNonNull(check, "check");
            return this;
        }

        public Builder tokenLifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("a token lifetime must be positive");
            }
            this.tokenLifetime = lifetime;
            return this;
        }

        /** Whether a landing token resolves only once (then 400); off by default, as tokens resolve until expiry. */
        public Builder singleUseTokens(boolean singleUse) {
            this.singleUseTokens = singleUse;
            return this;
        }

        public Builder meteringWindow(Duration window) {
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("the metering window must be positive");
            }
            this.meteringWindow = window;
            return this;
        }

        /** Subscriptions per page of the list call (100 by default); small values make paging testable. */
        public Builder pageSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("a page holds at least one subscription");
            }
            this.pageSize = size;
            return this;
        }

        public AzureMarketplaceSimulator start() {
            return new AzureMarketplaceSimulator(this);
        }
    }
}
