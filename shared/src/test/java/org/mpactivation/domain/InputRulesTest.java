package org.mpactivation.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputRulesTest {

    private final FieldErrors errors = new FieldErrors();

    @ParameterizedTest
    @ValueSource(strings = {"ada", "Ada.Lovelace", "a_b-c.d", "abcdefghijklmnopqrstuvwxyz012345"})
    void givenValidUsername_thenItIsAcceptedAsEntered(String username) {
        assertEquals(username, InputRules.username("  " + username + " ", "username", errors));
        assertNoErrors();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "1ada", "_ada", "ada lovelace", "ada@example", "abcdefghijklmnopqrstuvwxyz0123456",
            "adä", "ada;drop"})
    void givenInvalidUsername_thenFormatError(String username) {
        assertNull(InputRules.username(username, "username", errors));
        assertError("username", "error.username.format");
    }

    @Test
    void givenMissingUsername_thenRequired() {
        assertNull(InputRules.username("   ", "username", errors));
        assertError("username", "error.required");
        assertNull(InputRules.username(null, "other", new FieldErrors()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada@example.com", "Ada.Lovelace+tag@Mail.Example.CO.UK", "a@b.cn", "x-y_z@sub-1.example.org"})
    void givenValidEmail_thenItIsAcceptedInLowerCase(String email) {
        assertEquals(email.toLowerCase(java.util.Locale.ROOT), InputRules.email(" " + email + " ", "email", errors));
        assertNoErrors();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada", "ada@", "@example.com", "ada@example", "ada@@example.com", "ada @example.com",
            "ada@exa mple.com", "ada@-example.com", "ada@example-.com", "\"ada\"@example.com", "<ada@example.com>",
            "ada@example..com", "ada\r\nBcc: eve@example.com", "ada\u0000@example.com", "ada\u0007@example.com",
            "ada\u007f@example.com", "ada\u0085@example.com", "ada\u202Emoc.elpmaxe@example.com", "ada\u200B@example.com"})
    void givenInvalidEmail_thenFormatError(String email) {
        assertNull(InputRules.email(email, "email", errors));
        assertError("email", "error.email.format");
    }

    @Test
    void givenOverlongEmail_thenFormatError() {
        String local = "a".repeat(65);
        assertNull(InputRules.email(local + "@example.com", "email", errors));
        String domain = ("d".repeat(60) + ".").repeat(5) + "com";
        assertNull(InputRules.email("ada@" + domain, "other", errors));
        assertTrue(errors.has("email") && errors.has("other"));
    }

    @Test
    void givenPhone_thenOptionalButWellFormed() {
        assertEquals("", InputRules.optionalPhone("  ", "phone", errors));
        assertEquals("+86 138-0013-8000", InputRules.optionalPhone("+86 138-0013-8000", "phone", errors));
        assertEquals("0123456", InputRules.optionalPhone("0123456", "phone", errors));
        assertNoErrors();
        assertNull(InputRules.optionalPhone("12345", "phone", errors));
        assertError("phone", "error.phone.format");
        for (String bad : new String[] {"call me", "+1 (555) 0100", "++86 1380013800", "1".repeat(21), "123456\n7"}) {
            FieldErrors more = new FieldErrors();
            assertNull(InputRules.optionalPhone(bad, "phone", more), bad);
            assertTrue(more.has("phone"), bad);
        }
    }

    @Test
    void givenGoodPasswordTwice_thenAccepted() {
        assertEquals("correct-horse-42", InputRules.newPassword("correct-horse-42", "correct-horse-42", errors));
        assertNoErrors();
    }

    @Test
    void givenPasswordMismatch_thenTheConfirmationIsFlagged() {
        assertNull(InputRules.newPassword("correct-horse-42", "correct-horse-43", errors));
        assertError("passwordConfirmation", "error.password.mismatch");
        assertFalse(errors.has("password"));
    }

    @Test
    void givenWeakOrMissingPasswords_thenTheRuleBrokenIsNamed() {
        assertPassword("", "error.required");
        assertPassword(null, "error.required");
        assertPassword("short1", "error.password.length");
        assertPassword("a1".repeat(64) + "x", "error.password.length");
        assertPassword("onlyletters", "error.password.strength");
        assertPassword("1234567890", "error.password.strength");
        assertEquals("a1".repeat(64), InputRules.newPassword("a1".repeat(64), "a1".repeat(64), new FieldErrors()));
        assertEquals(" spaced 1 ", InputRules.newPassword(" spaced 1 ", " spaced 1 ", new FieldErrors()),
                "passwords are taken as typed, spaces included");
    }

    @Test
    void givenCodes_thenExactlySixAsciiDigits() {
        assertEquals("012345", InputRules.code(" 012345 ", "code", errors));
        assertNoErrors();
        assertNull(InputRules.code("", "code", errors));
        assertError("code", "error.code.required");
        for (String bad : new String[] {"12345", "1234567", "12a456", "١٢٣٤٥٦", "12 456", "-12345"}) {
            FieldErrors more = new FieldErrors();
            assertNull(InputRules.code(bad, "code", more), bad);
            assertEquals(Map.of("code", "error.code.format"), asMap(more), bad);
        }
    }

    @Test
    void givenTextWithinItsLimit_thenAcceptedTrimmed() {
        assertEquals("Production 生产", InputRules.text("  Production 生产 ", 50, "name", errors));
        assertEquals("𝔸".repeat(50), InputRules.text("𝔸".repeat(50), 50, "name", errors),
                "the limit counts characters, not UTF-16 units");
        assertNoErrors();
    }

    @Test
    void givenTextOverItsLimit_thenLengthError() {
        assertNull(InputRules.text("x".repeat(51), 50, "name", errors));
        assertError("name", "error.text.length");
    }

    @Test
    void givenTextWithControlCharacters_thenRefused() {
        for (String bad : new String[] {"a\nb", "a\tb", "a\u0000b", "a\u001bb", "a\u007fb", "a\u0085b"}) {
            FieldErrors more = new FieldErrors();
            assertNull(InputRules.text(bad, 50, "name", more), bad);
            assertEquals(Map.of("name", "error.text.control"), asMap(more));
        }
    }

    /** Text-direction overrides and isolates, control and invisible format characters: each hides or reorders text. */
    static final String[] HIDDEN_OR_REORDERING = {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066",
            "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C", "\u0000", "\u0007", "\u001b", "\u007f",
            "\u0085", "\n", "\t", "\u200B", "\u2060", "\uFEFF", "\u2028", "\u2029", "\u00AD", "\uDB40\uDC41"};

    @Test
    void givenNameWithAHiddenOrReorderingCharacter_thenTheNameErrorNamesIt() {
        for (String bad : HIDDEN_OR_REORDERING) {
            FieldErrors more = new FieldErrors();
            String name = "Acme" + bad + "Corp";
            assertNull(InputRules.name(name, 100, "companyName", more), name);
            assertEquals(Map.of("companyName", "error.name.characters"), asMap(more), name);
        }
    }

    @Test
    void givenUsernameWithAHiddenOrReorderingCharacter_thenTheNameErrorNotTheFormatError() {
        for (String bad : HIDDEN_OR_REORDERING) {
            FieldErrors more = new FieldErrors();
            assertNull(InputRules.username("ada" + bad + "lace", "username", more));
            assertEquals(Map.of("username", "error.name.characters"), asMap(more));
        }
    }

    @Test
    void givenOptionalTextWithAReorderingCharacter_thenRefused() {
        assertNull(InputRules.optionalText("1 Main St \u202Egnp.exe", 200, "address", errors));
        assertError("address", "error.text.control");
    }

    @Test
    void givenNamesInOtherScripts_thenJoinersTheyNeedAreAccepted() {
        // Persian and Indic names need ZWNJ/ZWJ, and so do emoji sequences; they reorder nothing
        for (String good : new String[] {"می\u200Cخواهم", "क्\u200Dष", "Acme 👩\u200D💻", "Café Ωmega 生产", "שלום Ltd"}) {
            assertEquals(good, InputRules.name(good, 100, "companyName", errors), good);
        }
        assertNoErrors();
    }

    @Test
    void givenOptionalText_thenEmptyIsFineButRulesStillApply() {
        assertEquals("", InputRules.optionalText(null, 10, "address", errors));
        assertEquals("", InputRules.optionalText("   ", 10, "address", errors));
        assertNoErrors();
        assertNull(InputRules.optionalText("x".repeat(11), 10, "address", errors));
        assertError("address", "error.text.length");
    }

    @Test
    void givenMissingText_thenRequired() {
        assertNull(InputRules.text(" ", 10, "companyName", errors));
        assertError("companyName", "error.required");
    }

    @Test
    void givenLanguageAndSite_thenOnlyKnownValues() {
        SiteCatalog sites = SiteCatalog.defaults();
        assertEquals(WorkspaceLanguage.ZH, InputRules.language("zh", "language", errors));
        assertEquals(WorkspaceLanguage.EN, InputRules.language(" en ", "language", errors));
        assertEquals("us-oregon", InputRules.site("us-oregon", sites, "site", errors).id());
        assertNoErrors();
        assertNull(InputRules.language("fr", "language", errors));
        assertNull(InputRules.language(null, "language2", errors));
        assertNull(InputRules.site("mars-1", sites, "site", errors));
        assertNull(InputRules.site(null, sites, "site2", errors));
        assertEquals(Map.of("language", "error.language", "language2", "error.language", "site", "error.site",
                "site2", "error.site"), asMap(errors));
    }

    @Test
    void givenTermsCheckbox_thenOnlyAnExplicitYes() {
        InputRules.accepted("on", "terms", errors);
        InputRules.accepted("true", "terms", errors);
        assertNoErrors();
        InputRules.accepted(null, "terms", errors);
        assertError("terms", "error.terms");
        FieldErrors other = new FieldErrors();
        InputRules.accepted("off", "terms", other);
        assertTrue(other.has("terms"));
    }

    @Test
    void givenEmail_thenTheMaskShowsOnlyTheFirstLetterAndTheDomain() {
        assertEquals("a***@example.com", InputRules.maskEmail("ada.lovelace@example.com"));
        assertEquals("x***@example.com", InputRules.maskEmail("x@example.com"));
        assertEquals("***", InputRules.maskEmail("@example.com"));
        assertEquals("***", InputRules.maskEmail("not-an-address"));
    }

    @Test
    void givenSeveralBrokenFields_thenAllAreReportedAndTheFirstErrorPerFieldWins() {
        InputRules.username("", "username", errors);
        InputRules.email("bad", "email", errors);
        errors.add("email", "error.other");

        InvalidInputException e = assertThrows(InvalidInputException.class, errors::throwIfAny);

        assertEquals(Map.of("username", "error.required", "email", "error.email.format"), e.fieldErrors());
        assertFalse(e.isConflict());
        assertFalse(e.getMessage().contains("bad"), "the message names fields, never values");
    }

    private void assertPassword(String password, String expectedKey) {
        FieldErrors fresh = new FieldErrors();
        assertNull(InputRules.newPassword(password, password, fresh));
        assertEquals(Map.of("password", expectedKey), asMap(fresh));
    }

    private void assertError(String field, String key) {
        assertEquals(key, asMap(errors).get(field));
    }

    private void assertNoErrors() {
        errors.throwIfAny();
    }

    private static Map<String, String> asMap(FieldErrors errors) {
        try {
            errors.throwIfAny();
            return Map.of();
        } catch (InvalidInputException e) {
            return e.fieldErrors();
        }
    }
}
