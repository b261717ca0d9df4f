package org.mpactivation.application;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.BuyerIdentity;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.port.out.BuyerSignIn;
import org.mpactivation.port.out.RandomSource;
import org.mpactivation.port.out.SignInRejectedException;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ConflictRetries;
import org.mpactivation.repository.SignInAttempts;
import org.mpactivation.repository.SubscriptionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buyer signs in with their organisation's account before the activation pages (Azure: Microsoft
 * Entra ID, as certification expects). {@link #begin} makes a state, a nonce and a PKCE verifier for the
 * session and sends the browser to the provider; {@link #finish} takes them back once (state
 * single-use, bound to the session that began it, expiring), lets the provider check the code and the
 * ID token, and stores who signed in on the session and on the subscription.
 */
public final class BuyerSignInFlow {

    /** How long a buyer has at the provider's sign-in page. */
    public static final Duration ATTEMPT_LIFETIME = Duration.ofMinutes(15);
    private static final Logger LOG = LoggerFactory.getLogger(BuyerSignInFlow.class);

    private final BuyerSignIn signIn;
    private final SignInAttempts attempts;
    private final SubscriptionRepository subscriptions;
    private final SessionUpdates sessionUpdates;
    private final RandomSource random;
    private final Clock clock;
    private final URI callback;

    /**
     * @param callback our redirect URI, as registered with the provider
     */
    public BuyerSignInFlow(BuyerSignIn signIn, SignInAttempts attempts, SubscriptionRepository subscriptions,
                           SessionUpdates sessionUpdates, RandomSource random, Clock clock, URI callback) {
        this.signIn = signIn;
        this.attempts = attempts;
        this.subscriptions = subscriptions;
        this.sessionUpdates = sessionUpdates;
        this.random = random;
        this.clock = clock;
        this.callback = callback;
    }

    /** Lets the provider fetch what {@link #begin} will need while the caller does its own calls. */
    public void prepare() {
        signIn.prepare();
    }

    /** Where to send the browser to sign in for this session. */
    public URI begin(ActivationSession session) {
        String state = random.secret(32);
        String nonce = random.secret(32);
        String verifier = random.secret(48); // 64 URL-safe characters: within PKCE's 43 to 128
        attempts.begin(SigningKey.digest(state), new SignInAttempts.Attempt(session.id(), nonce, verifier,
                clock.instant().plus(ATTEMPT_LIFETIME)));
        return signIn.authorizationUrl(state, nonce, verifier, callback);
    }

    /**
     * Finishes the sign-in the provider sent the browser back from.
     *
     * @throws SignInRejectedException when the state is unknown, used, expired or another session's,
     *                                 or the provider's answer fails a check
     */
    public ActivationSession finish(ActivationSession session, String state, String code) {
        if (state == null || state.isBlank() || state.length() > 512 || code == null || code.isBlank()
                || code.length() > 4096) {
            throw new SignInRejectedException("state or code missing");
        }
        SignInAttempts.Attempt attempt = attempts.take(SigningKey.digest(state))
                .orElseThrow(() -> new SignInRejectedException("unknown, used or expired state"));
        if (!attempt.sessionId().equals(session.id())) {
            throw new SignInRejectedException("state of another session");
        }
        if (!clock.instant().isBefore(attempt.expiresAt())) {
            throw new SignInRejectedException("sign-in took too long");
        }
        BuyerIdentity identity = signIn.complete(code, attempt.codeVerifier(), attempt.nonce(), callback);
        remember(session, identity);
        LOG.info("buyer signed in subscription={} tenant={}", session.subscriptionId(), identity.tenantId());
        return sessionUpdates.apply(session, current -> current.signedIn(identity));
    }

    /** The subscription keeps the first buyer who signed in to activate it, and the latest. */
    private void remember(ActivationSession session, BuyerIdentity identity) {
        ConflictRetries retries = ConflictRetries.of("sign-in for " + session.subscriptionId());
        while (retries.next()) {
            MarketplaceSubscription subscription = subscriptions.find(session.subscriptionId()).orElseThrow(
                    () -> new ActivationConflictException("error.subscription.unknown"));
            if (subscription.activatedAt() != null && subscription.buyer() != null) {
                return; // activated: who activated it stays on record
            }
            try {
                subscriptions.save(subscription.withBuyer(identity));
                return;
            } catch (ConditionFailedException concurrent) {
                // read again
            }
        }
        throw retries.exhausted();
    }
}
