package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.InvalidInputException;
import org.mpactivation.port.out.store.Item;

/**
 * Every name a buyer types refuses text-direction overrides and isolates, control and invisible
 * format characters with the name error, and nothing is stored.
 */
class NameCharactersTest {

    private static final String PASSWORD = ActivationFixture.PASSWORD;
    private static final String SUBMISSION = "submission-0123456789";

    private final ActivationFixture fx = new ActivationFixture();

    @ParameterizedTest
    @ValueSource(strings = {"\u202E", "\u202A", "\u2066", "\u2069", "\u200F", "\u061C", "\u0000", "\u001b",
            "\u200B", "\uFEFF"})
    void givenAHiddenOrReorderingCharacterInAnyName_thenThatFieldIsRefusedAndNothingIsStored(String bad) {
        ActivationSession ready = fx.enterRegistration(fx.arrive("cust-1", "acct-1").session(), "ada",
                "ada@example.com");
        ActivationSession basic = fx.arrive("cust-2", "acct-2").session();
        ActivationSession boundElsewhere = boundSession();
        String name = "Acme" + bad + "exe.txt";

        assertRefused("username", () -> fx.registration.saveBasicInfo(basic, new Registration.BasicInfo(name,
                PASSWORD, PASSWORD, "grace@example.com", "123456", "")));
        assertRefused("companyName", () -> fx.registration.saveCompany(ready, name, "Ada Lovelace", "GB", ""));
        assertRefused("contactName", () -> fx.registration.saveCompany(ready, "Example Ltd", name, "GB", ""));
        assertRefused("country", () -> fx.registration.saveCompany(ready, "Example Ltd", "Ada", name, ""));
        assertRefused("workspaceName", () -> fx.registration.activate(ready, name, "en", "us-oregon"));
        assertRefused("username", () -> fx.billingAccountBinding.sendCode(basic, name, Locale.ENGLISH));
        assertRefused("workspaceName", () -> fx.workspaceCreation.createForConsoleAccount(boundElsewhere,
                new WorkspaceCreation.NewWorkspace(SUBMISSION, name, "en", true), "owner@example.com", "123456"));
        assertRefused("workspaceName", () -> fx.workspaceCreation.createWithNewConsoleAccount(boundElsewhere,
                new WorkspaceCreation.NewWorkspace(SUBMISSION, name, "en", true), newAccount(a -> { }), "123456"));
        assertRefused("username", () -> fx.workspaceCreation.createWithNewConsoleAccount(boundElsewhere,
                new WorkspaceCreation.NewWorkspace(SUBMISSION, "Production", "en", true),
                newAccount(a -> a[0] = name), "123456"));
    }

    /** A session whose cloud account is bound to the Billing Center account "owner". */
    private ActivationSession boundSession() {
        fx.register("cust-9", "owner", "owner@example.com");
        ActivationSession session = fx.arrive("cust-3", "acct-3").session();
        return fx.bindBillingAccount(session, "owner", "owner@example.com");
    }

    private static WorkspaceCreation.NewConsoleAccount newAccount(Consumer<String[]> change) {
        String[] username = {"grace"};
        change.accept(username);
        return new WorkspaceCreation.NewConsoleAccount(username[0], PASSWORD, PASSWORD, "grace@example.com", "");
    }

    private void assertRefused(String field, Executable submit) {
        Map<String, Item> before = fx.recorded.snapshot();
        int mails = fx.mailer.sent().size();

        InvalidInputException e = assertThrows(InvalidInputException.class, submit, field);

        assertEquals("error.name.characters", e.fieldErrors().get(field), field + ": " + e.fieldErrors());
        assertEquals(before, fx.recorded.snapshot(), field + ": nothing is stored");
        assertEquals(mails, fx.mailer.sent().size(), field + ": nothing is sent");
    }
}
