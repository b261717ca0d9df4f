package org.mpactivation.simulator.aws;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.mpactivation.simulator.LoopbackServer;

/**
 * A local AWS Marketplace: an HTTP server speaking the AWS JSON 1.1 protocol of the Metering Service
 * (ResolveCustomer, BatchMeterUsage) and the Entitlement Service (GetEntitlements) on one endpoint, plus the
 * Java API that sets up its state (products, customers, tokens, entitlements), programs faults and reads what
 * was metered.
 *
 * <p>Point the real SDK clients at {@link #endpoint()} with {@code endpointOverride}, any static credentials
 * and any region. Thread-safe; {@link #close()} stops the server.
 *
 * <pre>{@code
 * try (AwsMarketplaceSimulator marketplace = AwsMarketplaceSimulator.start(clock)) {
 *     marketplace.product("prod-code").dimensions("requests", "seats");
 *     SimulatedCustomer customer = marketplace.registerCustomer("prod-code", "cust-1", "123456789012");
 *     String token = marketplace.issueToken(customer);
 *     ... // the code under test resolves the token and meters usage
 *     assertEquals(1, marketplace.meteringRecords().size());
 * }
 * }</pre>
 */
public final class AwsMarketplaceSimulator implements AutoCloseable {

    /**
     * How long usage records are accepted after the event, as the BatchMeterUsage API reference documents it
     * ("not accepted 6 hours or more after the event"). The default: the strictest documented window.
     */
    public static final Duration DOCUMENTED_METERING_WINDOW = Duration.ofHours(6);
    /**
     * How long usage records are accepted after the event in the current service documentation (24 hours),
     * together with {@link #DOCUMENTED_BILLING_MONTH_GRACE}.
     */
    public static final Duration CURRENT_METERING_WINDOW = Duration.ofHours(24);
    /**
     * Records of a billing month are accepted until this long after the month closed (06:00 UTC on the first
     * day of the next month), whatever the window; later they are refused with TimestampOutOfBoundsException.
     */
    public static final Duration DOCUMENTED_BILLING_MONTH_GRACE = Duration.ofHours(6);
    /** The BatchMeterUsage request quota per account and Region, as documented: 10 per second. */
    public static final int DOCUMENTED_BATCH_METER_USAGE_QUOTA = 10;
    /**
     * The default lifetime of a registration token. AWS documents no figure (only that a token expires if the
     * buyer's browser or the application holds on to it too long), so this is a simulator choice.
     */
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(2);

    private final Marketplace marketplace;
    private final LoopbackServer server;
    private final URI endpoint;

    private AwsMarketplaceSimulator(Builder builder) {
        SimulatorSettings settings = new SimulatorSettings(builder.clock, builder.tokenLifetime,
                builder.singleUseTokens, builder.meteringWindow, builder.billingMonthGrace, builder.futureTolerance,
                builder.quotas);
        this.marketplace = new Marketplace(settings, builder.quotaTicker);
        this.server = LoopbackServer.bind(builder.address, builder.port, builder.threads, "aws-marketplace-simulator");
        this.endpoint = server.uri();
        server.start(new AwsJsonEndpoint(marketplace));
    }

    /** Starts a simulator on a free loopback port with the system clock and the documented defaults. */
    public static AwsMarketplaceSimulator start() {
        return builder().start();
    }

    /** Starts a simulator on a free loopback port with the given clock and the documented defaults. */
    public static AwsMarketplaceSimulator start(Clock clock) {
        return builder().clock(clock).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- the server ----

    /** The endpoint to give the SDK clients as {@code endpointOverride}, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    /** The clock the simulator judges token lifetimes, metering windows and expirations by. */
    public Clock clock() {
        return marketplace.clock();
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        server.close();
    }

    // ---- products and customers ----

    /** The product with this code, declared on first use. Configure it with the returned handle. */
    public SimulatedProduct product(String productCode) {
        return marketplace.product(productCode);
    }

    public List<SimulatedProduct> products() {
        return marketplace.products();
    }

    /**
     * Subscribes a buyer to a declared product.
     *
     * @param customerIdentifier the customer identifier ResolveCustomer will return (1 to 255 characters)
     * @param awsAccountId the buyer's 12-digit AWS account id
     */
    public SimulatedCustomer registerCustomer(String productCode, String customerIdentifier, String awsAccountId) {
        Objects.requireNonNull(customerIdentifier, "customerIdentifier");
        Objects.requireNonNull(awsAccountId, "awsAccountId");
        return marketplace.register(productCode, customerIdentifier, awsAccountId);
    }

    /** Subscribes a buyer with a random customer identifier and account id. */
    public SimulatedCustomer registerCustomer(String productCode) {
        return marketplace.register(productCode, null, null);
    }

    /** Subscribes the buyer of this account again (another agreement, for concurrent-agreement products). */
    public SimulatedCustomer registerCustomer(String productCode, String awsAccountId) {
        Objects.requireNonNull(awsAccountId, "awsAccountId");
        return marketplace.register(productCode, null, awsAccountId);
    }

    public List<SimulatedCustomer> customers() {
        return marketplace.customers();
    }

    /** Ends the customer's subscription: metering answers CustomerNotSubscribed, entitlements disappear. */
    public void unsubscribe(SimulatedCustomer customer) {
        marketplace.unsubscribe(customer);
    }

    public void resubscribe(SimulatedCustomer customer) {
        marketplace.resubscribe(customer);
    }

    /**
     * The buyer of an ended subscription subscribes to the product again: a new registration with the
     * same customer identifier and AWS account (AWS keeps them) and a new licence.
     *
     * @throws IllegalArgumentException if the buyer still subscribes to the product
     */
    public SimulatedCustomer subscribeAgain(SimulatedCustomer ended) {
        return marketplace.registerAgain(ended);
    }

    public boolean isSubscribed(SimulatedCustomer customer) {
        return marketplace.isSubscribed(customer);
    }

    // ---- registration tokens ----

    /** Issues an opaque registration token (as sent in {@code x-amzn-marketplace-token}) with the default lifetime. */
    public String issueToken(SimulatedCustomer customer) {
        return marketplace.issueToken(customer, marketplace.settings().tokenLifetime());
    }

    public String issueToken(SimulatedCustomer customer, Duration lifetime) {
        return marketplace.issueToken(customer, lifetime);
    }

    /** Makes ResolveCustomer answer ExpiredTokenException for this token from now on. */
    public void expireToken(String token) {
        marketplace.expireToken(token);
    }

    // ---- entitlements ----

    /**
     * Grants (or replaces) the customer's entitlement for a dimension of its product.
     *
     * @param expiration the entitlement's expiration date; null for none. GetEntitlements stops returning it
     *     once the simulator clock reaches it.
     */
    public void entitlement(SimulatedCustomer customer, String dimension, EntitlementValue value, Instant expiration) {
        marketplace.grant(customer, dimension, value, expiration);
    }

    public void removeEntitlement(SimulatedCustomer customer, String dimension) {
        marketplace.revoke(customer, dimension);
    }

    // ---- faults, records, counts ----

    /** The programmable faults. */
    public FaultPlan faults() {
        return marketplace.faults();
    }

    /**
     * The usage records accepted so far, in acceptance order (a snapshot): one per subscription, dimension
     * and hour, with its quantity and MeteringRecordId. What a reconciliation compares a ledger with.
     */
    public List<MeteringRecord> meteringRecords() {
        return marketplace.meteringRecords();
    }

    /** The usage records accepted for one subscription (registration), in acceptance order. */
    public List<MeteringRecord> meteringRecords(SimulatedCustomer customer) {
        return marketplace.meteringRecords().stream()
                .filter(record -> record.licenseArn().equals(customer.licenseArn()))
                .toList();
    }

    /** The usage record with this MeteringRecordId, if the simulator accepted one. */
    public Optional<MeteringRecord> meteringRecord(String meteringRecordId) {
        return marketplace.meteringRecords().stream()
                .filter(record -> record.meteringRecordId().equals(meteringRecordId))
                .findFirst();
    }

    /** How many calls of the operation reached the simulator (signed, with a known target), whatever their outcome. */
    public long callCount(AwsOperation operation) {
        return marketplace.callCount(operation);
    }

    public Map<AwsOperation, Long> callCounts() {
        return marketplace.callCounts();
    }

    /** Forgets every product, customer, token, entitlement, record, fault and call count. */
    public void reset() {
        marketplace.reset();
    }

    /** Settings of a simulator to start. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port;
        private int threads = 8;
        private Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
        private boolean singleUseTokens;
        private Duration meteringWindow = DOCUMENTED_METERING_WINDOW;
        private Duration billingMonthGrace = DOCUMENTED_BILLING_MONTH_GRACE;
        private Duration futureTolerance = Duration.ZERO;
        private final Map<AwsOperation, Integer> quotas = new EnumMap<>(AwsOperation.class);
        private LongSupplier quotaTicker = System::nanoTime;

        private Builder() {
            quotas.put(AwsOperation.BATCH_METER_USAGE, DOCUMENTED_BATCH_METER_USAGE_QUOTA);
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
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

        /** The address to listen on; the loopback address by default. */
        public Builder address(InetAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Threads serving requests (8 by default). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be positive");
            }
            this.threads = threads;
            return this;
        }

        /** The lifetime of issued registration tokens ({@link #DEFAULT_TOKEN_LIFETIME} by default). */
        public Builder tokenLifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("a token lifetime must be positive");
            }
            this.tokenLifetime = lifetime;
            return this;
        }

        /**
         * Whether a registration token can be resolved only once (a resubmitted token then answers
         * ExpiredTokenException, one of the documented causes). Off by default: a token resolves until it
         * expires.
         */
        public Builder singleUseTokens(boolean singleUse) {
            this.singleUseTokens = singleUse;
            return this;
        }

        /**
         * How long after the event usage is accepted: a record whose timestamp is this old or older is
         * refused with TimestampOutOfBoundsException. {@link #DOCUMENTED_METERING_WINDOW} by default.
         */
        public Builder meteringWindow(Duration window) {
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("the metering window must be positive");
            }
            this.meteringWindow = window;
            return this;
        }

        /**
         * How long after a billing month closed (UTC) its records are still accepted;
         * {@link #DOCUMENTED_BILLING_MONTH_GRACE} by default.
         */
        public Builder billingMonthGrace(Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("the billing month grace must not be negative");
            }
            this.billingMonthGrace = grace;
            return this;
        }

        /** How far in the future a record's timestamp may be (clock skew allowance); none by default. */
        public Builder futureTolerance(Duration tolerance) {
            if (tolerance.isNegative()) {
                throw new IllegalArgumentException("the future tolerance must not be negative");
            }
            this.futureTolerance = tolerance;
            return this;
        }

        /**
         * The calls-per-second quota of an operation, answered with ThrottlingException beyond it; 0 for
         * none. By default BatchMeterUsage has the documented 10 per second and the others none.
         */
        public Builder callsPerSecond(AwsOperation operation, int quota) {
            if (quota < 0) {
                throw new IllegalArgumentException("a quota must not be negative");
            }
            quotas.put(Objects.requireNonNull(operation, "operation"), quota);
            return this;
        }

        /**
         * The monotonic nanosecond time source of the quotas ({@code System::nanoTime} by default). Tests
         * can drive it by hand to make throttling deterministic.
         */
        public Builder quotaTicker(LongSupplier ticker) {
            this.quotaTicker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        public AwsMarketplaceSimulator start() {
            return new AwsMarketplaceSimulator(this);
        }
    }

}
