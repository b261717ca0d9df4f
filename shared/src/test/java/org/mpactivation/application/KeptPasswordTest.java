package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.InvalidInputException;

/** A password typed before a language switch is kept as its hash; what is typed later wins. */
class KeptPasswordTest {

    private final ActivationFixture fixture = new ActivationFixture();
    private final FastPasswordHasher hasher = new FastPasswordHasher();

    @Test
    void givenValidPassword_thenOnlyItsHashIsKept() {
        ActivationSession session = fixture.arrive("cust-1", "acct-1").session();

        assertTrue(fixture.registration.keepPassword(session, "first-secret-1", "first-secret-1"));

        String kept = fixture.reload(session).draft().passwordHash();
        assertTrue(hasher.matches("first-secret-1", kept));
        assertFalse(kept.contains("first-secret-1"));
    }

    @Test
    void givenInvalidOrMismatchedPassword_thenNothingIsKept() {
        ActivationSession session = fixture.arrive("cust-1", "acct-1").session();

        assertFalse(fixture.registration.keepPassword(session, "short1", "short1"));
        assertFalse(fixture.registration.keepPassword(session, "first-secret-1", "first-secret-2"));
        assertNull(fixture.reload(session).draft().passwordHash());
    }

    @Test
    void givenKeptPassword_whenANewOneIsTyped_thenTheNewOneWins() {
        ActivationSession session = fixture.arrive("cust-1", "acct-1").session();
        fixture.registration.keepPassword(session, "first-secret-1", "first-secret-1");
        fixture.registration.sendCode(fixture.reload(session), "ada@example.com", Locale.ENGLISH);

        ActivationSession saved = fixture.registration.saveBasicInfo(fixture.reload(session),
                new Registration.BasicInfo("ada", "second-secret-2", "second-secret-2", "ada@example.com",
                        fixture.mailer.lastCodeTo("ada@example.com"), ""));

        assertTrue(hasher.matches("second-secret-2", saved.draft().passwordHash()));
    }

    @Test
    void givenKeptPassword_whenOnlyOneFieldIsTyped_thenItIsCheckedAsANewPassword() {
        ActivationSession session = fixture.arrive("cust-1", "acct-1").session();
        fixture.registration.keepPassword(session, "first-secret-1", "first-secret-1");
        fixture.registration.sendCode(fixture.reload(session), "ada@example.com", Locale.ENGLISH);

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> fixture.registration.saveBasicInfo(
                fixture.reload(session), new Registration.BasicInfo("ada", "first-secret-1", "", "ada@example.com",
                        fixture.mailer.lastCodeTo("ada@example.com"), "")));

        assertEquals("error.password.mismatch", e.fieldErrors().get("passwordConfirmation"));
    }
}
