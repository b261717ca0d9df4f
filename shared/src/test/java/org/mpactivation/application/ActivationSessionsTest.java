package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mpactivation.domain.ActivationSession;

class ActivationSessionsTest {

    private final ActivationFixture fx = new ActivationFixture();
    private final ActivationSessions sessions = fx.sessions;

    @Test
    void givenCookieOfAStartedSession_thenItParsesBackToTheSameCredentials() {
        ActivationSessions.Started started = fx.arrive("cust-1", "111122223333");

        String cookie = sessions.cookieValue(started.credentials());

        assertEquals(Optional.of(started.credentials()), sessions.parseCookie(cookie));
        assertEquals(started.session().id(), sessions.authenticate(sessions.parseCookie(cookie)).id());
    }

    @Test
    void givenTamperedCookie_thenItIsRejected() {
        ActivationSessions.Started started = fx.arrive("cust-1", "111122223333");
        String[] parts = sessions.cookieValue(started.credentials()).split("\\.");
        ActivationSessions.Started other = fx.arrive("cust-2", "444455556666");
        String otherId = other.session().id();

        assertTrue(sessions.parseCookie(parts[0] + "." + parts[1] + "." + flipLast(parts[2])).isEmpty());
        assertTrue(sessions.parseCookie(otherId + "." + parts[1] + "." + parts[2]).isEmpty());
        assertTrue(sessions.parseCookie(parts[0] + "." + flipLast(parts[1]) + "." + parts[2]).isEmpty());
        assertTrue(sessions.parseCookie(parts[0] + "." + parts[1]).isEmpty());
        assertTrue(sessions.parseCookie(parts[0] + "." + parts[1] + "." + parts[2] + ".x").isEmpty());
        assertTrue(sessions.parseCookie(".." + parts[2]).isEmpty());
        assertTrue(sessions.parseCookie("").isEmpty());
        assertTrue(sessions.parseCookie(null).isEmpty());
    }

    @Test
    void givenCookieSignedWithAnotherKey_thenItIsRejected() {
        ActivationSessions.Started started = fx.arrive("cust-1", "111122223333");
        ActivationSessions forger = new ActivationSessions(fx.sessionRepository,
                new SigningKey("another key that is 32 bytes long".getBytes(StandardCharsets.UTF_8)),
                fx.random, fx.clock, ActivationFixture.SESSION_LIFETIME);

        assertTrue(sessions.parseCookie(forger.cookieValue(started.credentials())).isEmpty());
    }

    @Test
    void givenNoCookie_thenAuthenticationIsRefused() {
        SessionRejectedException e = assertThrows(SessionRejectedException.class,
                () -> sessions.authenticate(Optional.empty()));
        assertEquals(SessionRejectedException.Reason.MISSING_OR_EXPIRED, e.reason());
    }

    @Test
    void givenCredentialsOfAnotherBrowser_thenAuthenticationIsRefused() {
        ActivationSessions.Started started = fx.arrive("cust-1", "111122223333");
        SessionCredentials otherBrowser = new SessionCredentials(started.session().id(), fx.random.secret(32));

        SessionRejectedException e = assertThrows(SessionRejectedException.class,
                () -> sessions.authenticate(Optional.of(otherBrowser)));
        assertEquals(SessionRejectedException.Reason.OTHER_BROWSER, e.reason());
    }

    @Test
    void givenUnknownSessionId_thenAuthenticationIsRefused() {
        SessionRejectedException e = assertThrows(SessionRejectedException.class,
                () -> sessions.authenticate(Optional.of(new SessionCredentials("no-such-session", "secret"))));
        assertEquals(SessionRejectedException.Reason.MISSING_OR_EXPIRED, e.reason());
    }

    @Test
    void givenUnprogressedSession_whenAnotherBrowserResumesIt_thenItMovesToThatBrowser() {
        ActivationSessions.Started first = fx.arrive("cust-1", "111122223333");

        ActivationSessions.Started second = sessions.resume(first.session().id(), Optional.empty()).orElseThrow();

        assertEquals(first.session().id(), second.session().id());
        assertNotEquals(first.credentials().browserSecret(), second.credentials().browserSecret());
        assertEquals(second.session().id(), sessions.authenticate(Optional.of(second.credentials())).id());
        SessionRejectedException e = assertThrows(SessionRejectedException.class,
                () -> sessions.authenticate(Optional.of(first.credentials())));
        assertEquals(SessionRejectedException.Reason.OTHER_BROWSER, e.reason());
    }

    @Test
    void givenProgressedSession_whenAnotherBrowserResumesIt_thenItIsRefusedAndTheFirstBrowserKeepsIt() {
        ActivationSessions.Started first = fx.arrive("cust-1", "111122223333");
        fx.registration.sendCode(first.session(), "ada@example.com", Locale.ENGLISH);

        SessionRejectedException e = assertThrows(SessionRejectedException.class,
                () -> sessions.resume(first.session().id(), Optional.empty()));

        assertEquals(SessionRejectedException.Reason.OTHER_BROWSER, e.reason());
        assertEquals(first.session().id(), sessions.authenticate(Optional.of(first.credentials())).id());
        assertEquals(first.credentials(),
                sessions.resume(first.session().id(), Optional.of(first.credentials())).orElseThrow().credentials());
    }

    @Test
    void givenCodeSentThatHasExpired_andNothingElseEntered_thenAnotherBrowserMayTakeTheSessionOver() {
        ActivationSessions.Started first = fx.arrive("cust-1", "111122223333");
        fx.registration.sendCode(first.session(), "ada@example.com", Locale.ENGLISH);
        fx.clock.advance(fx.codes.policy().lifetime().plusSeconds(1));

        ActivationSessions.Started second = sessions.resume(first.session().id(), Optional.empty()).orElseThrow();

        assertNotEquals(first.credentials().browserSecret(), second.credentials().browserSecret());
        assertThrows(SessionRejectedException.class, () -> sessions.authenticate(Optional.of(first.credentials())));
    }

    @Test
    void givenProgressedSessionOpenedWithoutItsCookie_thenTheRefusalNamesItForTheSameSiteResumePage() {
        ActivationSessions.Started first = fx.arrive("cust-1", "111122223333");
        fx.registration.sendCode(first.session(), "ada@example.com", Locale.ENGLISH);

        SessionRejectedException e = assertThrows(SessionRejectedException.class,
                () -> sessions.resume(first.session().id(), Optional.empty()));

        assertEquals(Optional.of(first.session().id()), e.heldSession());
        ActivationSession held = sessions.find(e.heldSession().get()).orElseThrow();
        assertTrue(sessions.holds(held, Optional.of(first.credentials())));
        assertFalse(sessions.holds(held, Optional.empty()));
        assertFalse(sessions.holds(held, Optional.of(new SessionCredentials(held.id(), fx.random.secret(32)))));
    }

    @Test
    void givenResumeTicket_thenItNamesItsSessionForTenMinutesAndCannotBeForged() {
        String ticket = sessions.resumeTicket("session-1");
        String[] parts = ticket.split("\\.");

        assertEquals(Optional.of("session-1"), sessions.ticketSession(ticket));
        assertTrue(sessions.ticketSession("session-2." + parts[1] + "." + parts[2]).isEmpty());
        assertTrue(sessions.ticketSession(parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2])
                .isEmpty(), "the expiry is signed");
        assertTrue(sessions.ticketSession(parts[0] + "." + parts[1]).isEmpty());
        assertTrue(sessions.ticketSession(null).isEmpty());
        assertTrue(sessions.ticketSession(sessions.cookieValue(new SessionCredentials("session-1", "x"))).isEmpty(),
                "a session cookie is not a ticket");
        fx.clock.advance(Duration.ofMinutes(11));
        assertTrue(sessions.ticketSession(ticket).isEmpty(), "expired");
    }

    @Test
    void givenLinkedAccountSessionWhereTheBuyerAskedForAWorkspaceCode_whenAnotherBrowserResumes_thenRefused() {
        Registration.Activated first = fx.register("cust-1", "ada", "ada@example.com");
        ActivationSessions.Started linked = fx.arrive("cust-2", "acct-cust-1");
        assertTrue(linked.session().hasBillingAccount());

        fx.workspaceCreation.sendCodeToConsoleAccount(linked.session(), "ada@example.com", Locale.ENGLISH);

        SessionRejectedException e = assertThrows(SessionRejectedException.class,
                () -> sessions.resume(linked.session().id(), Optional.empty()));
        assertEquals(SessionRejectedException.Reason.OTHER_BROWSER, e.reason());
        assertEquals(first.session().billingAccountId(),
                sessions.authenticate(Optional.of(linked.credentials())).billingAccountId());
    }

    @Test
    void givenLinkedAccountSessionWhereTheBuyerBoundAWorkspace_whenAnotherBrowserResumes_thenRefused() {
        fx.register("cust-1", "ada", "ada@example.com");
        ActivationSessions.Started linked = fx.arrive("cust-2", "acct-cust-1");
        fx.workspaceCreation.sendCodeForNewConsoleAccount(linked.session(), "linus@example.com", Locale.ENGLISH);
        ActivationSession afterCode = fx.reload(linked.session());
        fx.workspaceCreation.createWithNewConsoleAccount(afterCode,
                new WorkspaceCreation.NewWorkspace("submission-0123456789", "Second", "en", true),
                new WorkspaceCreation.NewConsoleAccount("linus", ActivationFixture.PASSWORD, ActivationFixture.PASSWORD,
                        "linus@example.com", ""), fx.mailer.lastCodeTo("linus@example.com"));

        assertThrows(SessionRejectedException.class, () -> sessions.resume(linked.session().id(), Optional.empty()));
    }

    @Test
    void givenReplayedArrivalFromTheSameBrowser_thenTheSameSessionWithoutASecondResolve() {
        String token = fx.marketplace.issueToken("token-replayed", "cust-1", "111122223333");
        ActivationSessions.Started first = fx.start.arrive(token, null, Optional.empty());

        ActivationSessions.Started again = fx.start.arrive(token, null, Optional.of(first.credentials()));

        assertEquals(first.session().id(), again.session().id());
        assertEquals(first.credentials(), again.credentials());
        assertEquals(1, fx.marketplace.resolveCalls());
        assertEquals(1, fx.recorded.items("SESSION#", "META").size());
        assertEquals(1, fx.recorded.items("SUB#", "META").size());
    }

    @Test
    void givenSessionPastItsLifetime_thenItIsRejected() {
        ActivationSessions.Started started = fx.arrive("cust-1", "111122223333");
        fx.clock.advance(ActivationFixture.SESSION_LIFETIME.minusSeconds(1));
        sessions.authenticate(Optional.of(started.credentials()));

        fx.clock.advance(Duration.ofSeconds(1));

        SessionRejectedException e = assertThrows(SessionRejectedException.class,
                () -> sessions.authenticate(Optional.of(started.credentials())));
        assertEquals(SessionRejectedException.Reason.MISSING_OR_EXPIRED, e.reason());
        assertTrue(sessions.resume(started.session().id(), Optional.of(started.credentials())).isEmpty());
    }

    @Test
    void givenSessionUpdatedOften_thenItStillExpiresWhenItsLifetimeFromTheStartEnds() {
        ActivationSessions.Started started = fx.arrive("cust-1", "111122223333");
        ActivationSession session = started.session();
        for (int i = 0; i < 3; i++) {
            fx.clock.advance(Duration.ofMinutes(30));
            session = fx.workspaceBinding.chooseSite(session, i % 2 == 0 ? "cn-ningxia" : "us-oregon");
        }
        fx.clock.advance(Duration.ofMinutes(30));

        assertThrows(SessionRejectedException.class, () -> sessions.authenticate(Optional.of(started.credentials())));
    }

    @Test
    void givenCsrfToken_thenItIsBoundToTheSessionAndTheBrowser() {
        ActivationSessions.Started first = fx.arrive("cust-1", "111122223333");
        ActivationSessions.Started other = fx.arrive("cust-2", "444455556666");
        String token = sessions.csrfToken(first.session());

        assertTrue(sessions.csrfTokenMatches(first.session(), token));
        assertFalse(sessions.csrfTokenMatches(other.session(), token));
        assertFalse(sessions.csrfTokenMatches(first.session(), null));
        assertFalse(sessions.csrfTokenMatches(first.session(), ""));
        assertFalse(sessions.csrfTokenMatches(first.session(), flipLast(token)));

        ActivationSession movedToAnotherBrowser = sessions.resume(first.session().id(), Optional.empty())
                .orElseThrow().session();
        assertFalse(sessions.csrfTokenMatches(movedToAnotherBrowser, token),
                "a token issued to the first browser is worthless once another browser holds the session");
    }

    @Test
    void givenTwoTokens_thenTheirSessionIdsDiffer() {
        assertNotEquals(sessions.sessionIdForToken("token-a"), sessions.sessionIdForToken("token-b"));
        assertEquals(sessions.sessionIdForToken("token-a"), sessions.sessionIdForToken("token-a"));
    }

    private static String flipLast(String value) {
        char last = value.charAt(value.length() - 1);
        return value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A');
    }
}
