package org.mpactivation.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.AwsSubscriptionRef;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceNotice;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.domain.StatusChange;
import org.mpactivation.port.in.NoticeReceiver;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.NoticeLog;

/**
 * One AWS buyer of a contract listing and everything that can happen to them: arrival at the
 * fulfillment URL, activation, and the SNS and EventBridge notices that name them (by customer
 * identifier; by licence and agreement; by agreement only), on the activation fixture's store.
 */
public final class LifecycleWorld {

    public static final String PRODUCT = FakeAwsMarketplace.PRODUCT_CODE;
    public static final String ACCOUNT = "210987654321";
    public static final String LICENSE_ARN = "arn:aws:license-manager::" + ACCOUNT + ":license:l-0c1a2b3d4e5f";
    public static final String AGREEMENT = "agmt-7q3k9w2x5z";
    public static final List<Entitlement> ENTITLEMENTS = List.of(
            new Entitlement("hosts", "25", Instant.parse("2026-03-01T00:00:00Z")));

    public final ActivationFixture fx = new ActivationFixture();
    public final ScriptedAwsMarketplace marketplace = new ScriptedAwsMarketplace();
    public final NoticeLog notices = new NoticeLog(fx.store);
    public final MeteringStates metering = new MeteringStates(fx.store);
    public final StartAwsActivation start = new StartAwsActivation(marketplace, true, fx.subscriptions, fx.accounts,
            fx.sessions, notices, fx.audit, fx.sites, fx.clock);
    public final ApplyMarketplaceNotice receiver = new ApplyMarketplaceNotice(fx.subscriptions, notices, fx.audit,
            metering, marketplace, new WorkspaceRelease(fx.subscriptions, fx.workspaces, metering, fx.audit, fx.clock),
            fx.clock);
    public final AwsCustomer buyer = new AwsCustomer("cust-LIFE1x2y3z", ACCOUNT, PRODUCT, LICENSE_ARN);
    private int tokens;

    public LifecycleWorld() {
        marketplace.defaultEntitlements(ENTITLEMENTS);
    }

    /** The buyer's browser posts a fresh registration token. */
    public ActivationSessions.Started arrive() {
        String token = marketplace.issueToken("token-life-" + (++tokens), buyer);
        return start.arrive(token, null, Optional.empty());
    }

    /** The buyer finishes activation (a Billing Center account claims and activates the subscription). */
    public MarketplaceSubscription activate() {
        return fx.binding.activate(buyer.subscriptionId(), "billing-life", "session:life");
    }

    public Optional<MarketplaceSubscription> subscription() {
        return fx.subscriptions.find(buyer.subscriptionId());
    }

    public Optional<MeteringState> meteringState() {
        return metering.find(buyer.subscriptionId());
    }

    public List<StatusChange> history() {
        return fx.audit.history(buyer.subscriptionId());
    }

    public NoticeReceiver.Outcome deliver(MarketplaceNotice notice) {
        return receiver.receive(notice);
    }

    public void tick() {
        fx.clock.advance(Duration.ofSeconds(1));
    }

    /** An SNS message (by product code and customer identifier). */
    public MarketplaceNotice sns(String messageId, LifecycleAction action) {
        return new MarketplaceNotice(messageId, "sns", action,
                new AwsSubscriptionRef(PRODUCT, buyer.customerIdentifier(), null, null), fx.clock.instant(), null);
    }

    /** An EventBridge agreement event: it names the agreement and the acceptor only. */
    public MarketplaceNotice agreementEvent(String eventId, LifecycleAction action) {
        return new MarketplaceNotice(eventId, "eventbridge", action,
                new AwsSubscriptionRef(null, null, ACCOUNT, null, AGREEMENT), fx.clock.instant(), null);
    }

    /** An EventBridge licence event: product, licence ARN, agreement and acceptor. */
    public MarketplaceNotice licenceEvent(String eventId, LifecycleAction action) {
        return new MarketplaceNotice(eventId, "eventbridge", action,
                new AwsSubscriptionRef(PRODUCT, null, ACCOUNT, LICENSE_ARN, AGREEMENT), fx.clock.instant(), null);
    }
}
