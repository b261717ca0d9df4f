package org.mpactivation.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.AwsSubscriptionRef;
import org.mpactivation.domain.DimensionMap;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceNotice;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.UsageRecord;
import org.mpactivation.domain.Workspace;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.repository.MeteringLedger;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.NoticeLog;
import org.mpactivation.repository.UsageRepository;

/**
 * One AWS buyer's whole life on the activation fixture's store: arrival and activation, usage, the
 * hourly metering run against a fake BatchMeterUsage, the SNS notices of the end, and the same AWS
 * account buying again. The fixture's clock starts at 08:00.
 */
final class RebindWorld {

    static final String CUSTOMER = "cust-RETURN1";
    static final String ACCOUNT = "acct-" + CUSTOMER;

    final ActivationFixture fx = new ActivationFixture();
    final MeteringStates states = new MeteringStates(fx.store);
    final MeteringLedger ledger = new MeteringLedger(fx.store);
    final UsageRepository usage = new UsageRepository(fx.store);
    final FakeAwsMetering aws = marketplace();
    final WorkspaceRelease release = new WorkspaceRelease(fx.subscriptions, fx.workspaces, states, fx.audit,
            fx.clock);
    final HourlyMetering metering = new HourlyMetering(states, ledger, usage, fx.subscriptions, fx.workspaces,
            new DimensionMap(Map.of("api_calls", "requests")), aws, new RateLimiter(10, new FakePause(true)),
            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 4), new FakePause(false), fx.clock,
            Duration.ofHours(6), HourlyMetering.DEFAULT_PARALLELISM, release::release, null);
    /** The same run, as a metering function that dies between stopping a subscription and releasing. */
    final HourlyMetering meteringWithoutRelease = new HourlyMetering(states, ledger, usage, fx.subscriptions,
            fx.workspaces, new DimensionMap(Map.of("api_calls", "requests")), aws,
            new RateLimiter(10, new FakePause(true)), new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 4),
            new FakePause(false), fx.clock, Duration.ofHours(6));
    final ApplyMarketplaceNotice notices = new ApplyMarketplaceNotice(fx.subscriptions, new NoticeLog(fx.store),
            fx.audit, states, fx.marketplace, release, fx.clock);
    private final AtomicInteger sequence = new AtomicInteger();

    /** The fake BatchMeterUsage knows the product and the buyer (by customer identifier). */
    private FakeAwsMetering marketplace() {
        FakeAwsMetering fake = new FakeAwsMetering(fx.clock, Duration.ofHours(6));
        fake.product(FakeAwsMarketplace.PRODUCT_CODE).dimensions("requests");
        fake.customer(FakeAwsMarketplace.PRODUCT_CODE, CUSTOMER);
        return fake;
    }

    /** The first purchase: registered and activated at 08:00 with one workspace. */
    Registration.Activated firstPurchase() {
        return fx.register(CUSTOMER, "ada", "ada@example.com");
    }

    /** The same AWS account arrives from the marketplace again (a new token). */
    ActivationSession arriveAgain() {
        return fx.arrive(CUSTOMER, ACCOUNT).session();
    }

    /** An SNS notice about the buyer (by product code and customer identifier), sent now. */
    void sns(LifecycleAction action) {
        sns(action, fx.clock.instant());
    }

    void sns(LifecycleAction action, Instant occurredAt) {
        notices.receive(snsNotice("sns-" + sequence.incrementAndGet(), action, occurredAt));
    }

    MarketplaceNotice snsNotice(String messageId, LifecycleAction action, Instant occurredAt) {
        return new MarketplaceNotice(messageId, "sns", action,
                new AwsSubscriptionRef(FakeAwsMarketplace.PRODUCT_CODE, CUSTOMER, null, null), occurredAt, null);
    }

    void use(String workspaceId, Instant hour, long quantity) {
        usage.putIfAbsent(new UsageRecord("r-" + sequence.incrementAndGet(), workspaceId, "api_calls", hour,
                quantity));
    }

    void moveTo(String hhmm) {
        fx.clock.advance(Duration.between(fx.clock.instant(), at(hhmm)));
    }

    static Instant at(String hhmm) {
        return Instant.parse("2025-03-01T" + hhmm + ":00Z");
    }

    MarketplaceSubscription subscription(SubscriptionId id) {
        return fx.subscriptions.find(id).orElseThrow();
    }

    Workspace workspace(String id) {
        return fx.workspaces.find(id).orElseThrow();
    }

    /** The ledger of a subscription as {@code hour -> STATE quantity}. */
    Map<Instant, String> ledger(SubscriptionId id) {
        Map<Instant, String> view = new TreeMap<>();
        for (LedgerEntry entry : ledger.entries(id)) {
            view.put(entry.hour(), entry.state() + " " + entry.quantity());
        }
        return view;
    }

    /** The audit entries of a subscription that say a workspace was released. */
    List<Item> releaseEntries(SubscriptionId id) {
        return fx.recorded.snapshot().values().stream()
                .filter(item -> item.key().pk().equals("AUDIT#" + id.asText()))
                .filter(item -> item.get("workspaceId") != null)
                .toList();
    }

    Optional<Item> link(SubscriptionId id, String workspaceId) {
        return fx.store.get(new org.mpactivation.port.out.store.ItemKey("SUB#" + id.asText(), "WS#" + workspaceId));
    }
}
