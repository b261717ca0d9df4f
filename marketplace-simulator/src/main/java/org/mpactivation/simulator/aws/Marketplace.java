package org.mpactivation.simulator.aws;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The state of the simulated marketplace: products, registrations, tokens, entitlements and accepted
 * metering records. Every method locks this object, so a caller can also hold the lock across several
 * calls ({@code synchronized (marketplace) {...}}) to act atomically.
 */
final class Marketplace {

    private static final Pattern ACCOUNT_ID = Pattern.compile("^[0-9]{12}$");
    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** A granted entitlement of one customer for one dimension. */
    record GrantedEntitlement(SimulatedCustomer customer, String dimension, EntitlementValue value, Instant expiration) {
    }

    /** The billing slot a usage record fills: one subscription, dimension and hour. */
    private record UsageSlot(SimulatedCustomer customer, String dimension, Instant hour) {
    }

    private static final class RegistrationToken {
        final SimulatedCustomer customer;
        final Instant expiresAt;
        boolean expired;
        boolean redeemed;

        RegistrationToken(SimulatedCustomer customer, Instant expiresAt) {
            this.customer = customer;
            this.expiresAt = expiresAt;
        }
    }

    private final SimulatorSettings settings;
    private final SecureRandom random = new SecureRandom();
    private final FaultPlan faults;
    private final Map<AwsOperation, AtomicLong> calls = new EnumMap<>(AwsOperation.class);
    private final Map<AwsOperation, CallQuota> quotas = new EnumMap<>(AwsOperation.class);

    private final Map<String, SimulatedProduct> products = new LinkedHashMap<>();
    private final List<SimulatedCustomer> customers = new ArrayList<>();
    private final Set<SimulatedCustomer> unsubscribed = new HashSet<>();
    private final Map<String, SimulatedCustomer> customersByLicense = new HashMap<>();
    private final Map<String, RegistrationToken> tokens = new HashMap<>();
    private final Map<SimulatedCustomer, Map<String, GrantedEntitlement>> entitlements = new HashMap<>();
    private final List<MeteringRecord> records = new ArrayList<>();
    private final Map<UsageSlot, MeteringRecord> recordsBySlot = new HashMap<>();

    Marketplace(SimulatorSettings settings, LongSupplier quotaTicker) {
        this.settings = settings;
        this.faults = new FaultPlan(settings.clock());
        for (AwsOperation operation : AwsOperation.values()) {
            calls.put(operation, new AtomicLong());
            quotas.put(operation, new CallQuota(settings.callsPerSecond(operation), quotaTicker));
        }
    }

    SimulatorSettings settings() {
        return settings;
    }

    Clock clock() {
        return settings.clock();
    }

    Instant now() {
        return settings.clock().instant();
    }

    FaultPlan faults() {
        return faults;
    }

    // ---- calls and quotas (not under the state lock: they have their own) ----

    void countCall(AwsOperation operation) {
        calls.get(operation).incrementAndGet();
    }

    long callCount(AwsOperation operation) {
        return calls.get(operation).get();
    }

    boolean admitCall(AwsOperation operation) {
        return quotas.get(operation).tryAdmit();
    }

    // ---- products and customers ----

    synchronized SimulatedProduct product(String productCode) {
        return products.computeIfAbsent(productCode, SimulatedProduct::new);
    }

    synchronized Optional<SimulatedProduct> findProduct(String productCode) {
        return Optional.ofNullable(products.get(productCode));
    }

    synchronized List<SimulatedProduct> products() {
        return List.copyOf(products.values());
    }

    synchronized SimulatedCustomer register(String productCode, String customerIdentifier, String awsAccountId) {
        SimulatedProduct product = products.get(productCode);
        if (product == null) {
            throw new IllegalArgumentException("no product " + productCode + "; declare it with product(code) first");
        }
        String identifier = customerIdentifier == null ? newCustomerIdentifier() : customerIdentifier;
        String account = awsAccountId == null ? newAccountId() : awsAccountId;
        if (identifier.isEmpty() || identifier.length() > 255) {
            throw new IllegalArgumentException("a customer identifier has 1 to 255 characters");
        }
        if (!ACCOUNT_ID.matcher(account).matches()) {
            throw new IllegalArgumentException("an AWS account id has 12 digits: " + account);
        }
        for (SimulatedCustomer existing : customers) {
            if (!existing.productCode().equals(productCode)) {
                continue;
            }
            if (existing.customerIdentifier().equals(identifier)) {
                throw new IllegalArgumentException("customer identifier " + identifier + " is already registered for " + productCode);
            }
            if (existing.awsAccountId().equals(account) && !product.usesConcurrentAgreements()) {
                throw new IllegalArgumentException("account " + account + " already subscribes to " + productCode
                        + " (only concurrent-agreement products allow several agreements per account)");
            }
        }
        String licenseArn = "arn:aws:license-manager::" + account + ":license:l-" + HexFormat.of().formatHex(randomBytes(16));
        SimulatedCustomer customer = new SimulatedCustomer(productCode, identifier, account, licenseArn, now());
        customers.add(customer);
        customersByLicense.put(licenseArn, customer);
        return customer;
    }

    /**
     * The buyer of an ended subscription buys the product again: AWS keeps the account's customer
     * identifier and issues a new licence (a new agreement). The ended registration stays as it was.
     */
    synchronized SimulatedCustomer registerAgain(SimulatedCustomer ended) {
        requireRegistered(ended);
        for (SimulatedCustomer existing : customers) {
            if (existing.productCode().equals(ended.productCode())
                    && existing.customerIdentifier().equals(ended.customerIdentifier())
                    && !unsubscribed.contains(existing)) {
                throw new IllegalArgumentException("customer identifier " + ended.customerIdentifier()
                        + " still subscribes to " + ended.productCode() + ": unsubscribe first");
            }
        }
        String licenseArn = "arn:aws:license-manager::" + ended.awsAccountId() + ":license:l-"
                + HexFormat.of().formatHex(randomBytes(16));
        SimulatedCustomer customer = new SimulatedCustomer(ended.productCode(), ended.customerIdentifier(),
                ended.awsAccountId(), licenseArn, now());
        customers.add(customer);
        customersByLicense.put(licenseArn, customer);
        return customer;
    }

    synchronized List<SimulatedCustomer> customers() {
        return List.copyOf(customers);
    }

    synchronized boolean isSubscribed(SimulatedCustomer customer) {
        requireRegistered(customer);
        return !unsubscribed.contains(customer);
    }

    synchronized void unsubscribe(SimulatedCustomer customer) {
        requireRegistered(customer);
        unsubscribed.add(customer);
    }

    synchronized void resubscribe(SimulatedCustomer customer) {
        requireRegistered(customer);
        unsubscribed.remove(customer);
    }

    synchronized Optional<SimulatedCustomer> customerByLicense(String licenseArn) {
        return Optional.ofNullable(customersByLicense.get(licenseArn));
    }

    /** The registrations of a product, in registration order. */
    synchronized List<SimulatedCustomer> customersOf(String productCode) {
        List<SimulatedCustomer> result = new ArrayList<>();
        for (SimulatedCustomer customer : customers) {
            if (customer.productCode().equals(productCode)) {
                result.add(customer);
            }
        }
        return result;
    }

    /** Whether any product has a registration with this customer identifier. */
    synchronized boolean knowsCustomerIdentifier(String customerIdentifier) {
        for (SimulatedCustomer customer : customers) {
            if (customer.customerIdentifier().equals(customerIdentifier)) {
                return true;
            }
        }
        return false;
    }

    private void requireRegistered(SimulatedCustomer customer) {
        Objects.requireNonNull(customer, "customer");
        if (!customer.equals(customersByLicense.get(customer.licenseArn()))) {
            throw new IllegalArgumentException("not a customer of this simulator: " + customer);
        }
    }

    // ---- registration tokens ----

    synchronized String issueToken(SimulatedCustomer customer, Duration lifetime) {
        requireRegistered(customer);
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a token lifetime must be positive");
        }
        String token = Base64.getEncoder().encodeToString(randomBytes(48));
        tokens.put(token, new RegistrationToken(customer, now().plus(lifetime)));
        return token;
    }

    synchronized void expireToken(String token) {
        RegistrationToken state = tokens.get(token);
        if (state == null) {
            throw new IllegalArgumentException("no such registration token");
        }
        state.expired = true;
    }

    /** Redeems a registration token (ResolveCustomer). */
    synchronized SimulatedCustomer redeem(String token) {
        RegistrationToken state = tokens.get(token);
        if (state == null) {
            throw new RequestRejected(MarketplaceError.INVALID_TOKEN, "Registration token is invalid");
        }
        if (state.expired || !now().isBefore(state.expiresAt)) {
            throw new RequestRejected(MarketplaceError.EXPIRED_TOKEN, "Registration token is expired");
        }
        if (state.redeemed && settings.singleUseTokens()) {
            throw new RequestRejected(MarketplaceError.EXPIRED_TOKEN, "Registration token is expired");
        }
        state.redeemed = true;
        return state.customer;
    }

    // ---- entitlements ----

    synchronized void grant(SimulatedCustomer customer, String dimension, EntitlementValue value, Instant expiration) {
        requireRegistered(customer);
        Objects.requireNonNull(value, "value");
        SimulatedProduct product = products.get(customer.productCode());
        if (!product.hasDimension(dimension)) {
            throw new IllegalArgumentException("product " + product.code() + " has no dimension " + dimension);
        }
        entitlements.computeIfAbsent(customer, k -> new LinkedHashMap<>())
                .put(dimension, new GrantedEntitlement(customer, dimension, value, expiration));
    }

    synchronized void revoke(SimulatedCustomer customer, String dimension) {
        requireRegistered(customer);
        Map<String, GrantedEntitlement> granted = entitlements.get(customer);
        if (granted != null) {
            granted.remove(dimension);
        }
    }

    /**
     * The entitlements GetEntitlements can currently see for a product: those of subscribed customers that
     * have not expired, ordered by registration and then dimension declaration.
     */
    synchronized List<GrantedEntitlement> liveEntitlements(String productCode) {
        Instant now = now();
        List<GrantedEntitlement> result = new ArrayList<>();
        for (SimulatedCustomer customer : customers) {
            if (!customer.productCode().equals(productCode) || unsubscribed.contains(customer)) {
                continue;
            }
            Map<String, GrantedEntitlement> granted = entitlements.getOrDefault(customer, Map.of());
            for (GrantedEntitlement entitlement : granted.values()) {
                if (entitlement.expiration() == null || entitlement.expiration().isAfter(now)) {
                    result.add(entitlement);
                }
            }
        }
        return result;
    }

    // ---- metering ----

    /**
     * Records usage for a subscription, dimension and hour. Returns the record billed for that slot and
     * whether the usage was accepted: an identical quantity returns the existing record (idempotent resend);
     * a different quantity returns the existing record, not accepted (DuplicateRecord).
     */
    synchronized Metered meter(SimulatedCustomer customer, String identifiedBy, String dimension, Instant timestamp,
            int quantity, List<MeteringRecord.Allocation> allocations) {
        Instant hour = timestamp.truncatedTo(ChronoUnit.HOURS);
        UsageSlot slot = new UsageSlot(customer, dimension, hour);
        MeteringRecord existing = recordsBySlot.get(slot);
        if (existing != null) {
            return new Metered(existing, existing.quantity() == quantity);
        }
        MeteringRecord record = new MeteringRecord(UUID.randomUUID().toString(), customer.productCode(),
                customer.licenseArn(), customer.customerIdentifier(), customer.awsAccountId(), identifiedBy,
                dimension, hour, timestamp, quantity, allocations, now());
        recordsBySlot.put(slot, record);
        records.add(record);
        return new Metered(record, true);
    }

    record Metered(MeteringRecord record, boolean accepted) {
    }

    synchronized List<MeteringRecord> meteringRecords() {
        return List.copyOf(records);
    }

    // ---- housekeeping ----

    synchronized void reset() {
        products.clear();
        customers.clear();
        unsubscribed.clear();
        customersByLicense.clear();
        tokens.clear();
        entitlements.clear();
        records.clear();
        recordsBySlot.clear();
        faults.clear();
        for (AtomicLong count : calls.values()) {
            count.set(0);
        }
    }

    Map<AwsOperation, Long> callCounts() {
        Map<AwsOperation, Long> result = new EnumMap<>(AwsOperation.class);
        calls.forEach((operation, count) -> result.put(operation, count.get()));
        return Collections.unmodifiableMap(result);
    }

    // ---- identifiers ----

    private synchronized byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private String newCustomerIdentifier() {
        StringBuilder identifier = new StringBuilder(11);
        for (byte b : randomBytes(11)) {
            identifier.append(ALPHANUMERIC[(b & 0xff) % ALPHANUMERIC.length]);
        }
        return identifier.toString();
    }

    private String newAccountId() {
        StringBuilder account = new StringBuilder(12);
        for (byte b : randomBytes(12)) {
            account.append((b & 0xff) % 10);
        }
        if (account.charAt(0) == '0') {
            account.setCharAt(0, '1');
        }
        return account.toString();
    }
}
