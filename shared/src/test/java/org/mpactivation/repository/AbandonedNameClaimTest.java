package org.mpactivation.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.domain.ConsoleAccount;

/**
 * A registration that crashed after claiming its names, and was never finished (its session
 * expired), must not keep the names forever; a name whose account exists is kept however old.
 */
class AbandonedNameClaimTest {

    private static final Duration SESSION_LIFETIME = Duration.ofHours(2);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryItemStore store = new InMemoryItemStore(clock);
    private final AccountRepository accounts = new AccountRepository(store, clock, SESSION_LIFETIME);

    @Test
    void givenAClaimWhoseAccountWasNeverCreated_whenTheSessionHasExpired_thenTheNameIsFreeAgain() {
        assertTrue(accounts.claim(UniqueName.CONSOLE_USERNAME, "ada", "console-crashed"));
        clock.advance(Duration.ofMinutes(90));
        assertEquals(Optional.of("console-crashed"), accounts.owner(UniqueName.CONSOLE_USERNAME, "ada"));
        assertFalse(accounts.claim(UniqueName.CONSOLE_USERNAME, "ada", "console-other"),
                "while the session could still finish the registration, the name stays claimed");

        clock.advance(Duration.ofMinutes(31));
        assertEquals(Optional.empty(), accounts.owner(UniqueName.CONSOLE_USERNAME, "ada"));
        assertTrue(accounts.claim(UniqueName.CONSOLE_USERNAME, "ada", "console-other"));
        assertEquals(Optional.of("console-other"), accounts.owner(UniqueName.CONSOLE_USERNAME, "ada"));
        assertFalse(accounts.claim(UniqueName.CONSOLE_USERNAME, "ada", "console-crashed"),
                "the old claim does not come back");
    }

    @Test
    void givenAClaimWhoseAccountExists_thenTheNameIsKeptForever() {
        assertTrue(accounts.claim(UniqueName.CONSOLE_EMAIL, "ada@example.com", "console-1"));
        accounts.createConsoleAccount(new ConsoleAccount("console-1", "ada", "ada@example.com", "$argon2id$x", null,
                clock.instant()));
        clock.advance(Duration.ofDays(400));
        assertEquals(Optional.of("console-1"), accounts.owner(UniqueName.CONSOLE_EMAIL, "ada@example.com"));
        assertFalse(accounts.claim(UniqueName.CONSOLE_EMAIL, "ada@example.com", "console-2"));
    }

    @Test
    void givenARepositoryWithoutAClock_thenClaimsAreNeverFreed() {
        AccountRepository plain = new AccountRepository(store);
        assertTrue(plain.claim(UniqueName.BILLING_USERNAME, "grace", "billing-crashed"));
        clock.advance(Duration.ofDays(30));
        assertFalse(plain.claim(UniqueName.BILLING_USERNAME, "grace", "billing-other"));
    }

    private static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant start) {
            now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
