package org.mpactivation.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.mpactivation.domain.InvalidInputException;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SiteCatalog;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.azure.AzureFulfillment;
import org.mpactivation.port.out.azure.ResolvedPurchase;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ConflictRetries;
import org.mpactivation.repository.AccountRepository;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.SubscriptionRepository;

/**
 * Step 1 on Azure: the buyer's browser opens our landing page with {@code ?token=} from the Azure
 * portal's "Configure account". The token is resolved with the SaaS Fulfillment API at once, the
 * subscription recorded (once, however often the page is reloaded) or brought up to date with what
 * the marketplace says now, and an activation session started for this browser. The buyer signs in
 * with Microsoft Entra ID next ({@link BuyerSignInFlow}).
 */
public final class StartAzureActivation {

    /** Landing tokens are opaque; a few hundred characters in practice. */
    private static final int MAX_TOKEN_LENGTH = 4096;

    private final AzureFulfillment fulfillment;
    private final SubscriptionRepository subscriptions;
    private final AccountRepository accounts;
    private final ActivationSessions sessions;
    private final AuditTrail audit;
    private final SiteCatalog sites;
    private final Clock clock;

    public StartAzureActivation(AzureFulfillment fulfillment, SubscriptionRepository subscriptions,
                                AccountRepository accounts, ActivationSessions sessions, AuditTrail audit,
                                SiteCatalog sites, Clock clock) {
        this.fulfillment = fulfillment;
        this.subscriptions = subscriptions;
        this.accounts = accounts;
        this.sessions = sessions;
        this.audit = audit;
        this.sites = sites;
        this.clock = clock;
    }

    /**
     * @param landingToken the {@code token} query parameter, URL-decoded once (as the API wants it)
     * @throws InvalidInputException when there is no usable token
     * @throws org.mpactivation.port.out.MarketplaceTokenRejectedException when the marketplace refuses it
     */
    public ActivationSessions.Started arrive(String landingToken, Optional<SessionCredentials> presented) {
        String token = landingToken == null ? "" : landingToken.strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH || !token.chars().allMatch(c -> c > 32 && c < 127)) {
            throw InvalidInputException.of("token", "error.token.missing");
        }
        // a new arrival resolves next: its access token is fetched while the session is looked up
        fulfillment.prepare();
        String sessionId = sessions.sessionIdForToken("azure:" + token);
        Optional<ActivationSessions.Started> resumed = sessions.resume(sessionId, presented);
        if (resumed.isPresent()) {
            return resumed.get();
        }
        ResolvedPurchase purchase = fulfillment.resolve(token);
        MarketplaceSubscription subscription = record(purchase);
        String holder = subscription.billingAccountId();
        String linked = holder != null && accounts.findBillingAccount(holder).isPresent()
                ? holder
                : accounts.linkedBillingAccount(subscription.cloudAccount())
                        .filter(id -> accounts.findBillingAccount(id).isPresent()).orElse(null);
        return sessions.start(sessionId, subscription.id(), subscription.cloudAccount(), linked,
                sites.defaultSite().id(), presented);
    }

    /** Stores the subscription the first time; later arrivals bring the stored one up to date. */
    private MarketplaceSubscription record(ResolvedPurchase purchase) {
        Instant now = clock.instant();
        SubscriptionId id = SubscriptionId.azure(purchase.subscriptionId());
        MarketplaceSubscription fresh = MarketplaceSubscription.newAzure(purchase.subscriptionId(),
                AzurePurchases.of(purchase.subscription()), now);
        MarketplaceSubscription current = subscriptions.createOrGet(
                AzurePurchases.follow(fresh, purchase.subscription(), "arrival", now));
        ConflictRetries retries = ConflictRetries.of("arrival of " + id);
        while (retries.next()) {
            MarketplaceSubscription next = AzurePurchases.follow(current, purchase.subscription(), "arrival", now);
            if (next == current) {
                return current;
            }
            try {
                MarketplaceSubscription saved = subscriptions.save(next);
                audit.recordChangeOf(saved);
                AzurePurchases.recordChanges(audit, saved, current.azure(), "arrival", now);
                return saved;
            } catch (ConditionFailedException concurrent) {
                current = subscriptions.find(id).orElseThrow();
            }
        }
        throw retries.exhausted();
    }
}
