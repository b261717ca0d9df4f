package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.CountingItemStore;
import org.mpactivation.domain.ActivationSession;

/**
 * How many store round trips a whole registration costs, step by step, through the use cases alone
 * (no page requests, no read scope). The bounds are the figures now: they catch a step that starts
 * looping, re-reading or writing one more item. The budget of the whole flow through the pages is
 * {@code RegistrationStoreCallBudgetTest}'s.
 */
class StoreCallBudgetTest {

    private final ActivationFixture fx = new ActivationFixture();
    private final Map<String, long[]> calls = new LinkedHashMap<>();

    @Test
    void givenNewBuyer_thenAWholeRegistrationStaysWithinItsStoreCallBudget() {
        ActivationSession session = step("arrive", () -> fx.arrive("cust-1", "111122223333").session());
        step("send code", () -> fx.registration.sendCode(session, "ada@example.com", Locale.ENGLISH));
        ActivationSession progressed = fx.reload(session);
        ActivationSession basic = step("basic information", () -> fx.registration.saveBasicInfo(progressed,
                new Registration.BasicInfo("ada", ActivationFixture.PASSWORD, ActivationFixture.PASSWORD,
                        "ada@example.com", fx.mailer.lastCodeTo("ada@example.com"), "")));
        ActivationSession company = step("company", () -> fx.registration.saveCompany(basic, "Example Ltd",
                "Ada Lovelace", "GB", ""));
        step("activate", () -> fx.registration.activate(company, "Production", "en", "us-oregon"));

        long reads = calls.values().stream().mapToLong(c -> c[0]).sum();
        long writes = calls.values().stream().mapToLong(c -> c[1]).sum();
        StringBuilder report = new StringBuilder("store calls of one registration (reads/writes):");
        calls.forEach((name, c) -> report.append(String.format(Locale.ROOT, "%n  %-18s %2d / %2d", name, c[0], c[1])));
        report.append(String.format(Locale.ROOT, "%n  %-18s %2d / %2d", "total", reads, writes));
        System.out.println(report);

        // conditional writes and one batch of write-once facts (the accounts and both links to the workspace)
        assertTrue(calls.get("activate")[1] <= 11, report::toString);
        // the subscription, the cloud account's link and the workspace read ahead, then each read again
        assertTrue(calls.get("activate")[0] <= 6, report::toString);
        // the limits across sessions cost a counter write per send and one per check, right or wrong;
        // asking for a code writes no session
        assertEquals(2, calls.get("send code")[1], report::toString);
        assertTrue(writes <= 19, report::toString);
        // without the pages' read scope a read ahead is one more read, not one fewer (see RegistrationStoreCallBudgetTest)
        assertTrue(reads <= 19, report::toString);
        assertEquals(0, calls.get("company")[0], "the session in hand is enough: " + report);
    }

    private <T> T step(String name, Supplier<T> action) {
        CountingItemStore store = fx.store;
        store.reset();
        T result = action.get();
        calls.put(name, new long[] {store.reads(), store.writes()});
        return result;
    }
}
