package org.mpactivation.application;

import org.mpactivation.observability.RequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.CloudAccountRef;
import org.mpactivation.domain.RegistrationDraft;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.RandomSource;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ConflictRetries;
import org.mpactivation.repository.ReadPlan;
import org.mpactivation.repository.SessionRepository;

/**
 * Starting, resuming and checking activation sessions: signed cookie values, binding to the
 * browser, expiry, CSRF tokens.
 *
 * <p>A session's id is derived from the marketplace token, so a replayed or refreshed redirect
 * finds the same session instead of making a second one. The browser that received it keeps it;
 * another browser may take it over only while the buyer has entered nothing yet: nothing in the
 * session, and no live code sent for it (asking for a code writes the code, not the session).
 */
public final class ActivationSessions {

    private static final String COOKIE_PURPOSE = "session-cookie";
    private static final String TICKET_PURPOSE = "resume-ticket";
    private static final Duration TICKET_LIFETIME = Duration.ofMinutes(10);
    private final SessionRepository sessions;
    private final SigningKey key;
    private final RandomSource random;
    private final Clock clock;
    private final Duration lifetime;

    public ActivationSessions(SessionRepository sessions, SigningKey key, RandomSource random, Clock clock,
                              Duration lifetime) {
        this.sessions = sessions;
        this.key = key;
        this.random = random;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** The session id that a marketplace token leads to. */
    public String sessionIdForToken(String marketplaceToken) {
        return key.sign("session-for-token", marketplaceToken);
    }

    /**
     * The session this token already started, resumed for this browser, if there is one.
     *
     * @throws SessionRejectedException if another browser holds it and the buyer made progress
     */
    public Optional<Started> resume(String sessionId, Optional<SessionCredentials> presented) {
        // the latest arrival takes an unused session; a double submit races a few requests, so allow more
        // rounds than the default before answering that too many arrive at once
        ConflictRetries retries = ConflictRetries.of("session resume", 3 * ConflictRetries.MAX_ATTEMPTS);
        while (retries.next()) {
            Optional<ActivationSession> existing = sessions.find(sessionId);
            if (existing.isEmpty()) {
                return Optional.empty();
            }
            ActivationSession session = existing.get();
            if (presented.isPresent() && presented.get().sessionId().equals(sessionId)
                    && SigningKey.digest(presented.get().browserSecret()).equals(session.browserKeyHash())) {
                return Optional.of(new Started(session, presented.get()));
            }
            if (session.progressed() || sessions.hasLiveCodes(sessionId)) {
                // a cross-site POST carries no SameSite=Lax cookie: this may still be the buyer's own browser
                throw new SessionRejectedException(SessionRejectedException.Reason.OTHER_BROWSER, sessionId);
            }
            String browserSecret = random.secret(32);
            try {
                ActivationSession rebound = sessions.save(session.withBrowserKeyHash(SigningKey.digest(browserSecret)));
                return Optional.of(new Started(rebound, new SessionCredentials(sessionId, browserSecret)));
            } catch (ConditionFailedException concurrent) {
                // another request changed it: look again
            }
        }
        throw retries.exhausted();
    }

    /** Starts a new session for a resolved subscription; a concurrent start of the same id resumes. */
    public Started start(String sessionId, SubscriptionId subscription, CloudAccountRef cloudAccount,
                         String linkedBillingAccountId, String defaultSiteId,
                         Optional<SessionCredentials> presented) {
        RequestContext.subscription(subscription.value());
        Instant now = clock.instant();
        String browserSecret = random.secret(32);
        ActivationSession session = new ActivationSession(sessionId, SigningKey.digest(browserSecret), subscription,
                cloudAccount, linkedBillingAccountId, null, defaultSiteId, RegistrationDraft.empty(), false, null,
                now, now.plus(lifetime), 0);
        try {
            return new Started(sessions.create(session), new SessionCredentials(sessionId, browserSecret));
        } catch (ConditionFailedException startedConcurrently) {
            return resume(sessionId, presented).orElseThrow(() -> startedConcurrently);
        }
    }

    /**
     * The live session these credentials belong to.
     *
     * @throws SessionRejectedException if they are absent, forged, expired or for another browser
     */
    public ActivationSession authenticate(Optional<SessionCredentials> presented) {
        SessionCredentials credentials = presented.orElseThrow(
                () -> new SessionRejectedException(SessionRejectedException.Reason.MISSING_OR_EXPIRED));
        ActivationSession session = sessions.find(credentials.sessionId()).orElseThrow(
                () -> new SessionRejectedException(SessionRejectedException.Reason.MISSING_OR_EXPIRED));
        if (!SigningKey.digest(credentials.browserSecret()).equals(session.browserKeyHash())) {
            throw new SessionRejectedException(SessionRejectedException.Reason.OTHER_BROWSER);
        }
        RequestContext.subscription(session.subscriptionId().value());
        return session;
    }

    /**
     * Reads the session these credentials name together with the items the request's step plans to
     * read, in one batch; {@link #authenticate} then checks it as always. Credentials that name no
     * session read nothing.
     */
    public void readAhead(Optional<SessionCredentials> presented, ReadPlan plan) {
        presented.ifPresent(credentials -> sessions.readAhead(credentials.sessionId(), plan));
    }

    /** The signed cookie value for these credentials. */
    public String cookieValue(SessionCredentials credentials) {
        return credentials.sessionId() + "." + credentials.browserSecret() + "."
                + key.sign(COOKIE_PURPOSE, credentials.sessionId(), credentials.browserSecret());
    }

    /** The credentials in a cookie value, if its signature is right. */
    public Optional<SessionCredentials> parseCookie(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()
                || !key.verify(parts[2], COOKIE_PURPOSE, parts[0], parts[1])) {
            return Optional.empty();
        }
        return Optional.of(new SessionCredentials(parts[0], parts[1]));
    }

    /** The session with this id, whoever holds it. */
    public Optional<ActivationSession> find(String sessionId) {
        return sessions.find(sessionId);
    }

    /**
     * A short-lived signed ticket naming a session that a marketplace link led to, for a browser
     * whose cookie the marketplace's cross-site POST did not carry: the same-site page it is sent on
     * to reads the cookie and the ticket together.
     */
    public String resumeTicket(String sessionId) {
        String expires = Long.toString(clock.instant().plus(TICKET_LIFETIME).getEpochSecond());
        return sessionId + "." + expires + "." + key.sign(TICKET_PURPOSE, sessionId, expires);
    }

    /** The session a resume ticket names, if its signature is right and it has not expired. */
    public Optional<String> ticketSession(String ticket) {
        if (ticket == null) {
            return Optional.empty();
        }
        String[] parts = ticket.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !parts[1].matches("[0-9]{1,12}")
                || !key.verify(parts[2], TICKET_PURPOSE, parts[0], parts[1])
                || clock.instant().isAfter(Instant.ofEpochSecond(Long.parseLong(parts[1])))) {
            return Optional.empty();
        }
        return Optional.of(parts[0]);
    }

    /** Whether these credentials are this browser's hold on the session. */
    public boolean holds(ActivationSession session, Optional<SessionCredentials> presented) {
        return presented.isPresent() && presented.get().sessionId().equals(session.id())
                && SigningKey.digest(presented.get().browserSecret()).equals(session.browserKeyHash());
    }

    public String csrfToken(ActivationSession session) {
        return key.sign("csrf", session.id(), session.browserKeyHash());
    }

    public boolean csrfTokenMatches(ActivationSession session, String presented) {
        return key.verify(presented, "csrf", session.id(), session.browserKeyHash());
    }

    /** A session started or resumed, with the credentials to give the browser. */
    public record Started(ActivationSession session, SessionCredentials credentials) {
    }
}
