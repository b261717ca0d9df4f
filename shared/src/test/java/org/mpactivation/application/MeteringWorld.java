package org.mpactivation.application;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.mpactivation.adapter.store.CountingItemStore;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.AwsSubscriptionRef;
import org.mpactivation.domain.AzurePurchase;
import org.mpactivation.domain.DimensionMap;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceNotice;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.UsageRecord;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.RecordedUsage;
import org.mpactivation.port.out.azure.AzureMetering;
import org.mpactivation.port.out.azure.UsageEvent;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.repository.AccountRepository;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringLedger;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.NoticeLog;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.UsageRepository;
import org.mpactivation.repository.WorkspaceRepository;

/**
 * Hourly metering wired on the in-memory store with a fake BatchMeterUsage (and, for Azure
 * subscriptions, a fake batchUsageEvent), a fake pause and a clock the test moves. Store calls pass,
 * outermost first, through a counter, a process killer, a crash injector, chosen interference, a key
 * recorder and an index that may lag. Buyers are activated at {@link #START} (08:00), so their
 * metering starts with the 08:00 hour.
 */
public final class MeteringWorld {

    public static final Instant START = Instant.parse("2025-03-01T08:00:00Z");
    public static final Duration WINDOW = Duration.ofHours(6);
    public static final String PRODUCT = "prod-meter1a2";
    public static final String OTHER_PRODUCT = "prod-meter3b4";
    public static final String AZURE_OFFER = "contoso-metered";
    public static final String AZURE_PLAN = "metered-gold";
    public static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 4);

    public final MutableClock clock = new MutableClock(START);
    public final LaggingIndexItemStore lagging = new LaggingIndexItemStore(new InMemoryItemStore(clock), clock);
    public final RecordingItemStore recorded = new RecordingItemStore(lagging);
    public final InterceptingItemStore intercepting = new InterceptingItemStore(recorded);
    public final CrashingItemStore crashing = new CrashingItemStore(intercepting);
    public final DyingItemStore dying = new DyingItemStore(crashing);
    public final CountingItemStore store = new CountingItemStore(dying);

    public final SubscriptionRepository subscriptions = new SubscriptionRepository(store);
    public final WorkspaceRepository workspaces = new WorkspaceRepository(store);
    public final AccountRepository accounts = new AccountRepository(store);
    public final AuditTrail audit = new AuditTrail(store);
    public final MeteringStates states = new MeteringStates(store);
    public final MeteringLedger ledger = new MeteringLedger(store);
    public final UsageRepository usage = new UsageRepository(store);
    public final DimensionMap dimensions = new DimensionMap(Map.of(
            "api_calls", "requests", "hosts", "hosts", "gigabytes", "storage"));
    public final SubscriptionBinding binding = new SubscriptionBinding(subscriptions, workspaces, accounts, audit,
            states, clock, Duration.ofHours(2));

    public final FakeAwsMetering aws = marketplace(clock);
    /** Azure's Marketplace Metering API, with its documented window (AWS's here is {@link #WINDOW}). */
    public final FakeAzureMetering azure = new FakeAzureMetering(clock, AzureMetering.WINDOW);
    public final FakePause pause = new FakePause(false);
    public final FakePause limiterPause = new FakePause(true);
    public final RateLimiter limiter = new RateLimiter(10, limiterPause);
    public final HourlyMetering metering = meteringWith(aws);
    public final HourlyMetering azureMetering = azureMeteringWith(azure);
    public final UsageIntake intake = new UsageIntake(usage, workspaces, states, dimensions, clock);
    public final ScriptedAwsMarketplace marketplace = new ScriptedAwsMarketplace();
    public final ApplyMarketplaceNotice notices = new ApplyMarketplaceNotice(subscriptions, new NoticeLog(store), audit,
            states, marketplace, new WorkspaceRelease(subscriptions, workspaces, states, audit, clock), clock);

    private final AtomicInteger sequence = new AtomicInteger();

    /**
     * The fake marketplace's catalogue: both products take buyers of both identity kinds (each in a request
     * of its own kind), with the marketplace dimensions {@link #dimensions} maps to.
     */
    private FakeAwsMetering marketplace(MutableClock clock) {
        FakeAwsMetering fake = new FakeAwsMetering(clock, WINDOW);
        for (String product : List.of(PRODUCT, OTHER_PRODUCT)) {
            fake.product(product).dimensions(dimensions.asMap().values().toArray(String[]::new));
        }
        return fake;
    }

    /** One activated buyer and the workspaces billed through its subscription ({@code customer}: AWS's only). */
    public record Buyer(String name, AwsCustomer customer, SubscriptionId id, List<String> workspaces) {

        public String workspace() {
            return workspaces.get(0);
        }

        /** How the fake marketplace names this buyer. */
        public String customerKey() {
            return MeteringWorld.customerKey(customer);
        }
    }

    /**
     * A buyer who arrives and activates now with one workspace bound now.
     *
     * @param byLicense whether AWS names the buyer by account id and licence (else by customer identifier)
     */
    public Buyer buyer(String name, String productCode, boolean byLicense) {
        String account = String.format("%012d", 100_000_000L + Math.abs(name.hashCode()) % 800_000_000L);
        AwsCustomer customer = byLicense
                ? new AwsCustomer("cust-" + name, account, productCode,
                "arn:aws:license-manager::" + account + ":license:l-" + name.replaceAll("[^A-Za-z0-9]", "") + "0f")
                : new AwsCustomer("cust-" + name, null, productCode, null);
        Instant now = clock.instant();
        MarketplaceSubscription created = subscriptions.createOrGet(MarketplaceSubscription.newAws(customer,
                customer.cloudAccount("aws"), null, List.of(), now));
        if (customer.licenseArn() != null) {
            subscriptions.linkLicense(customer.licenseArn(), created.id());
            aws.license(productCode, customer.customerAwsAccountId(), customer.licenseArn());
        }
        aws.customer(productCode, customer.customerIdentifier());
        binding.activate(created.id(), "ba-" + name, "session:" + name);
        Buyer buyer = new Buyer(name, customer, created.id(), new ArrayList<>());
        addWorkspace(buyer);
        return buyer;
    }

    /** A further workspace of the buyer, bound now. */
    public String addWorkspace(Buyer buyer) {
        String id = "ws-" + buyer.name() + "-" + sequence.incrementAndGet();
        workspaces.createOrGet(new Workspace(id, "Workspace " + id, WorkspaceLanguage.fromCode("en"), "us-oregon",
                "console-" + buyer.name(), "ba-" + buyer.name(), null, clock.instant(), null, 0));
        binding.bindWorkspace(id, buyer.id());
        buyer.workspaces().add(id);
        return id;
    }

    /** A metering run of this world that sends through {@code port} (a wrapper of {@link #aws}). */
    public HourlyMetering meteringWith(AwsMetering port) {
        return new HourlyMetering(states, ledger, usage, subscriptions, workspaces, dimensions, port, limiter, BACKOFF,
                pause, clock, WINDOW, HourlyMetering.DEFAULT_PARALLELISM, MeteringEnded.NOTHING, this::billedByAws);
    }

    /** A metering run of this world's Azure subscriptions, sending through {@code port} (a wrapper of {@link #azure}). */
    public HourlyMetering azureMeteringWith(AzureMetering port) {
        return HourlyMetering.azure(states, ledger, usage, subscriptions, workspaces, dimensions, port, limiter,
                BACKOFF, pause, clock, AzureMetering.WINDOW, HourlyMetering.DEFAULT_PARALLELISM, MeteringEnded.NOTHING);
    }

    /**
     * An Azure buyer who activates now on {@code planId}, with one workspace bound now; the fake
     * marketplace knows the subscription as Subscribed on that plan, whose dimensions are {@link #dimensions}'.
     *
     * @param saasId the SaaS subscription id (a GUID in production; see {@link #azureIdsInOneShard})
     */
    public Buyer azureBuyer(String name, String saasId, String planId) {
        AzurePurchase purchase = new AzurePurchase(AZURE_OFFER, planId, null, "Subscribed", clock.instant(), null,
                "P1M", true, new AzurePurchase.AzureUser("tenant-" + name, "oid-" + name, name + "@example.com"),
                null, false, false, "Workspace plan of " + name);
        MarketplaceSubscription created = subscriptions.createOrGet(MarketplaceSubscription.newAzure(saasId, purchase,
                clock.instant()));
        azure.subscription(created.id().value(), planId, dimensions.asMap().values().toArray(String[]::new));
        binding.activate(created.id(), "ba-" + name, "session:" + name);
        Buyer buyer = new Buyer(name, null, created.id(), new ArrayList<>());
        addWorkspace(buyer);
        return buyer;
    }

    /** SaaS subscription ids whose metering states share one due-index partition (one page of a run). */
    public static List<String> azureIdsInOneShard(String prefix, int count) {
        Map<Integer, List<String>> byShard = new TreeMap<>();
        for (int i = 0; ; i++) {
            String id = UUID.nameUUIDFromBytes((prefix + i).getBytes(StandardCharsets.UTF_8)).toString();
            List<String> ids = byShard.computeIfAbsent(shardOf(SubscriptionId.azure(id)), k -> new ArrayList<>());
            ids.add(id);
            if (ids.size() == count) {
                return ids;
            }
        }
    }

    /** The usage Azure accepted for the buyer, as {@code dimension@hour -> quantity}. */
    public Map<String, BigDecimal> azureBilled(Buyer buyer) {
        Map<String, BigDecimal> view = new TreeMap<>();
        for (FakeAzureMetering.Accepted accepted : azure.accepted()) {
            UsageEvent event = accepted.event();
            if (event.resourceId().equals(buyer.id().value())) {
                view.put(event.dimension() + "@" + event.effectiveStartTime(), event.quantity());
            }
        }
        return view;
    }

    /** How the fake marketplace names a buyer: the way the metering names them. */
    static String customerKey(AwsCustomer customer) {
        return customer.meteredByCustomerIdentifier()
                ? "customer:" + customer.productCode() + "/" + customer.customerIdentifier()
                : "license:" + customer.customerAwsAccountId() + "/"
                + org.mpactivation.domain.LicenseId.of(customer.licenseArn());
    }

    /** What the fake marketplace billed the subscription's buyer, as a marketplace record would say. */
    private List<RecordedUsage> billedByAws(MarketplaceSubscription subscription, Instant fromHour, Instant toHour) {
        String customer = customerKey(subscription.aws());
        List<RecordedUsage> recorded = new ArrayList<>();
        aws.billed().forEach((key, quantity) -> {
            String[] parts = key.split("\\|");
            Instant hour = Instant.parse(parts[2]);
            if (parts[0].equals(customer) && !hour.isBefore(fromHour) && hour.isBefore(toHour)) {
                recorded.add(new RecordedUsage(parts[1], hour, quantity, null));
            }
        });
        return recorded;
    }

    /** Usage of a workspace, stored as the intake stores it (without the intake's time rules). */
    public void use(String workspaceId, String usageDimension, Instant hour, long quantity) {
        usage.putIfAbsent(new UsageRecord("r-" + sequence.incrementAndGet(), workspaceId, usageDimension, hour,
                quantity));
    }

    public void moveTo(Instant at) {
        Duration ahead = Duration.between(clock.instant(), at);
        if (ahead.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        clock.advance(ahead);
    }

    public static Instant at(String hhmm) {
        return Instant.parse("2025-03-01T" + hhmm + ":00Z");
    }

    /** The due-index partition a subscription's metering state lives in (as the repository spreads them). */
    public static int shardOf(SubscriptionId id) {
        return Math.floorMod(id.asText().hashCode(), MeteringStates.shards());
    }

    /** Buyer names whose customer-identifier subscriptions share one due-index partition (one page of a run). */
    public static List<String> namesInOneShard(String prefix, String productCode, int count) {
        Map<Integer, List<String>> byShard = new TreeMap<>();
        for (int i = 0; ; i++) {
            String name = prefix + i;
            List<String> names = byShard.computeIfAbsent(shardOf(SubscriptionId.aws(productCode, "cust-" + name)),
                    k -> new ArrayList<>());
            names.add(name);
            if (names.size() == count) {
                return names;
            }
        }
    }

    public MeteringState state(Buyer buyer) {
        return states.find(buyer.id()).orElseThrow();
    }

    public List<LedgerEntry> ledger(Buyer buyer) {
        return ledger.entries(buyer.id());
    }

    /** The buyer's ledger as {@code dimension@hour -> STATE quantity}. */
    public Map<String, String> ledgerView(Buyer buyer) {
        Map<String, String> view = new TreeMap<>();
        for (LedgerEntry entry : ledger(buyer)) {
            view.put(entry.dimension() + "@" + entry.hour(), entry.state() + " " + entry.quantity());
        }
        return view;
    }

    /** The quantities AWS billed to the buyer, as {@code dimension@hour -> quantity}. */
    public Map<String, Integer> billed(Buyer buyer) {
        Map<String, Integer> view = new TreeMap<>();
        aws.billed().forEach((key, quantity) -> {
            String[] parts = key.split("\\|");
            if (parts[0].equals(buyer.customerKey())) {
                view.put(parts[1] + "@" + parts[2], quantity);
            }
        });
        return view;
    }

    /** A notice about the buyer as SNS sends it (by product code and customer identifier). */
    public MarketplaceNotice sns(Buyer buyer, String id, LifecycleAction action) {
        return new MarketplaceNotice(id, "sns", action, new AwsSubscriptionRef(buyer.customer().productCode(),
                buyer.customer().customerIdentifier(), null, null), clock.instant(), null);
    }

    /** Every metering-related item, for comparing end states. */
    public Map<String, Item> meteringItems() {
        Map<String, Item> items = new TreeMap<>(recorded.snapshot());
        items.keySet().removeIf(key -> !key.startsWith("LEDGER#") && !key.startsWith("METER#"));
        return items;
    }
}
