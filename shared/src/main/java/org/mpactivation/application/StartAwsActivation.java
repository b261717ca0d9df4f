package org.mpactivation.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.CloudAccountRef;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.InvalidInputException;
import org.mpactivation.domain.LicenseId;
import org.mpactivation.domain.MarketplaceState;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SiteCatalog;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.repository.AccountRepository;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.NoticeLog;
import org.mpactivation.repository.ReadPlan;
import org.mpactivation.repository.SubscriptionRepository;

/**
 * Step 1 on AWS: the buyer's browser posts the registration token to the fulfillment URL. The
 * token is resolved with AWS at once, the subscription recorded (once, however often the POST is
 * replayed), and an activation session started for this browser.
 */
public final class StartAwsActivation {

    private static final int MAX_TOKEN_LENGTH = 4096;

    private final AwsMarketplace marketplace;
    private final boolean readEntitlements;
    private final SubscriptionRepository subscriptions;
    private final AccountRepository accounts;
    private final ActivationSessions sessions;
    private final NoticeLog notices;
    private final AuditTrail audit;
    private final SiteCatalog sites;
    private final Clock clock;

    /**
     * @param readEntitlements true for contract listings, whose entitlements are read at arrival
     */
    public StartAwsActivation(AwsMarketplace marketplace, boolean readEntitlements,
                              SubscriptionRepository subscriptions, AccountRepository accounts,
                              ActivationSessions sessions, NoticeLog notices, AuditTrail audit, SiteCatalog sites,
                              Clock clock) {
        this.marketplace = marketplace;
        this.readEntitlements = readEntitlements;
        this.subscriptions = subscriptions;
        this.accounts = accounts;
        this.sessions = sessions;
        this.notices = notices;
        this.audit = audit;
        this.sites = sites;
        this.clock = clock;
    }

    public ActivationSessions.Started arrive(String registrationToken, String offerType,
                                             Optional<SessionCredentials> presented) {
        String token = registrationToken == null ? "" : registrationToken.strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH || !token.chars().allMatch(c -> c > 32 && c < 127)) {
            throw InvalidInputException.of("x-amzn-marketplace-token", "error.token.missing");
        }
        String sessionId = sessions.sessionIdForToken(token);
        Optional<ActivationSessions.Started> resumed = sessions.resume(sessionId, presented);
        if (resumed.isPresent()) {
            return resumed.get();
        }
        AwsCustomer customer = marketplace.resolveCustomer(token);
        List<Entitlement> entitlements = readEntitlements ? marketplace.entitlements(customer) : List.of();
        CloudAccountRef cloudAccount = customer.cloudAccount(marketplace.partition());
        // what a first arrival reads, read together: the purchase, what notices announced for it, the link
        subscriptions.readAhead(new ReadPlan().firstPurchase(customer).cloudAccountLink(cloudAccount));
        String cleanOfferType = offerType == null || offerType.isBlank() || offerType.length() > 64
                ? null : offerType.strip();
        MarketplaceSubscription subscription = recordPurchase(customer, cloudAccount, cleanOfferType, entitlements);
        if (customer.licenseArn() != null) {
            subscriptions.linkLicense(customer.licenseArn(), subscription.id());
        }
        subscription = applyAnnouncements(subscription, customer);
        // only an account that exists counts: a registration that crashed after claiming does not
        String holder = subscription.billingAccountId();
        String linked = holder != null && accounts.findBillingAccount(holder).isPresent()
                ? holder
                : accounts.linkedBillingAccount(cloudAccount).filter(id -> accounts.findBillingAccount(id).isPresent())
                        .orElse(null);
        return sessions.start(sessionId, subscription.id(), cloudAccount, linked, sites.defaultSite().id(), presented);
    }

    /**
     * The subscription this arrival is for: the buyer's latest purchase of the product, unless it has
     * ended, in which case this is a new purchase with the next number (AWS keeps a returning
     * account's customer identifier, so only the end tells a new purchase from a replayed redirect).
     * Concurrent arrivals create the next purchase once: its creation is a put-if-absent.
     */
    private MarketplaceSubscription recordPurchase(AwsCustomer customer, CloudAccountRef cloudAccount,
                                                   String offerType, List<Entitlement> entitlements) {
        List<MarketplaceSubscription> purchases = subscriptions.purchases(customer);
        if (!purchases.isEmpty()) {
            MarketplaceSubscription latest = purchases.get(purchases.size() - 1);
            if (!latest.isOver() || !customer.countsPurchases() || sameLicence(latest.aws(), customer)) {
                return latest;
            }
        }
        Instant now = clock.instant();
        MarketplaceSubscription fresh = MarketplaceSubscription.newAws(customer.subscriptionId(purchases.size() + 1),
                customer, cloudAccount, offerType, entitlements, now);
        return subscriptions.createOrGet(fresh.withMarketplace(
                fresh.marketplace().withNextCheck(now.plus(RenewalCheck.INTERVAL)), "arrival", now));
    }

    /** The ended purchase's own licence again: a replay of its redirect, not a new purchase. */
    private static boolean sameLicence(AwsCustomer stored, AwsCustomer arriving) {
        return stored != null && stored.licenseArn() != null && arriving.licenseArn() != null
                && LicenseId.of(stored.licenseArn()).equals(LicenseId.of(arriving.licenseArn()));
    }

    /** Notices that arrived before the buyer (a subscribe-success, or an end) apply now. */
    private MarketplaceSubscription applyAnnouncements(MarketplaceSubscription subscription, AwsCustomer customer) {
        Optional<MarketplaceState> announced = notices.remembered(customer, subscription.id());
        MarketplaceSubscription current = subscription;
        while (announced.isPresent()) {
            MarketplaceState merged = current.marketplace().merge(announced.get());
            if (merged.equals(current.marketplace())) {
                return current;
            }
            try {
                MarketplaceSubscription saved = subscriptions.save(
                        current.withMarketplace(merged, "notice:announced", clock.instant()));
                audit.recordChangeOf(saved);
                return saved;
            } catch (ConditionFailedException concurrent) {
                current = subscriptions.find(current.id()).orElseThrow();
            }
        }
        return current;
    }
}
