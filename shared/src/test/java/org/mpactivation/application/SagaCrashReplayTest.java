package org.mpactivation.application;

import static org.mpactivation.application.ActivationFixture.withoutCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.Workspace;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.StoreUnavailableException;

/**
 * Every saga of the activation flow, crashed right after (and right before) each of its writes and
 * then replayed with the same session on the same store. Before the replay the store must already
 * be safe to bill from; after it, the state is the state of a run that was never interrupted.
 *
 * <p>Checked at every point: no workspace is billed through two channels; a workspace whose channel
 * names a subscription is listed by that subscription (else the metering never finds its usage); no
 * subscription lists a workspace bound to another channel; each unique name is held once. After the
 * replay also: the step answers what the clean run answered, every listed workspace exists and is
 * billed here, every name guard belongs to an account that exists, and a second submit changes
 * nothing.
 */
class SagaCrashReplayTest {

    private static final String OWNER = "ada";
    private static final String OWNER_EMAIL = "ada@example.com";
    private static final String SUBMISSION = "submission-0123456789";

    /** A saga step, prepared on a fixture: calling it runs (or replays) the step and says what it did. */
    private record Saga(String name, Function<ActivationFixture, Callable<Object>> prepare) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Saga> sagas() {
        return List.of(
                new Saga("registration", fx -> {
                    ActivationSession ready = fx.enterRegistration(fx.arrive("cust-2", "444455556666").session(),
                            "grace", "grace@example.com");
                    return () -> fx.registration.activate(ready, "Second", "en", "us-oregon").workspace().id();
                }),
                new Saga("bind billing account", fx -> {
                    ActivationSession session = fx.arrive("cust-2", "444455556666").session();
                    fx.billingAccountBinding.sendCode(session, OWNER, Locale.ENGLISH);
                    ActivationSession pending = fx.reload(session);
                    String code = fx.mailer.lastCodeTo(OWNER_EMAIL);
                    return () -> fx.billingAccountBinding.confirm(pending, code).billingAccountId();
                }),
                new Saga("create workspace for existing console account", fx -> {
                    ActivationSession session = boundSession(fx);
                    fx.clock.advance(Duration.ofSeconds(61));
                    fx.workspaceCreation.sendCodeToConsoleAccount(session, OWNER_EMAIL, Locale.ENGLISH);
                    ActivationSession current = fx.reload(session);
                    String code = fx.mailer.lastCodeTo(OWNER_EMAIL);
                    return () -> fx.workspaceCreation.createForConsoleAccount(current, newWorkspace(), OWNER_EMAIL,
                            code).id();
                }),
                new Saga("create workspace with new console account", fx -> {
                    ActivationSession session = boundSession(fx);
                    fx.workspaceCreation.sendCodeForNewConsoleAccount(session, "linus@example.com", Locale.ENGLISH);
                    ActivationSession current = fx.reload(session);
                    String code = fx.mailer.lastCodeTo("linus@example.com");
                    return () -> fx.workspaceCreation.createWithNewConsoleAccount(current, newWorkspace(),
                            new WorkspaceCreation.NewConsoleAccount("linus", ActivationFixture.PASSWORD,
                                    ActivationFixture.PASSWORD, "linus@example.com", ""), code).id();
                }),
                new Saga("bind existing workspace", fx -> {
                    Workspace spare = fx.spareWorkspace(OWNER, OWNER_EMAIL);
                    ActivationSession session = boundSession(fx);
                    return () -> fx.workspaceBinding.bind(session, spare.id()).billingChannel().asText();
                }),
                new Saga("activation completion", fx -> {
                    Workspace spare = fx.spareWorkspace(OWNER, OWNER_EMAIL);
                    ActivationSession session = boundSession(fx);
                    fx.workspaceBinding.bind(session, spare.id());
                    ActivationSession current = fx.reload(session);
                    return () -> fx.completion.complete(current).isCompleted();
                }));
    }

    /** What a clean run of a saga wrote and answered. */
    private record CleanRun(int writes, Object answer, Map<String, Item> state) {
    }

    @TestFactory
    Stream<DynamicNode> givenCrashAfterEachWriteOfEverySaga_whenReplayed_thenTheCleanRunsStateAndNothingBilledWrong() {
        return sagas().stream().map(saga -> {
            CleanRun clean = cleanRun(saga);
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("clean run", () -> {
                assertTrue(clean.writes() > 0, "the step writes");
                World world = world(saga);
                world.step.call();
                checkInvariants(world.fx, "clean run", true);
            }));
            tests.add(DynamicTest.dynamicTest("double submit", () -> doubleSubmit(saga, clean)));
            tests.add(DynamicTest.dynamicTest("concurrent submits", () -> concurrentSubmits(saga, clean)));
            for (int write = 1; write <= clean.writes(); write++) {
                for (CrashingItemStore.Crash crash : CrashingItemStore.Crash.values()) {
                    int position = write;
                    tests.add(DynamicTest.dynamicTest("crash " + crash + " write " + position + " of " + clean.writes(),
                            () -> crashThenReplay(saga, clean, position, crash)));
                }
            }
            return DynamicContainer.dynamicContainer(saga.name(), tests);
        });
    }

    private static void crashThenReplay(Saga saga, CleanRun clean, int write, CrashingItemStore.Crash crash)
            throws Exception {
        World world = world(saga);
        ActivationFixture fx = world.fx;
        fx.crashing.crashOnWrite(write, crash);

        try {
            world.step.call();
            // the write at the crash was a conditional write that the store refused: the decorator
            // hands on the refusal, which the step expects on a replay, and the step goes on
        } catch (StoreUnavailableException crashed) {
            // the process is gone; what it wrote stays
        }
        String where = "crash " + crash + " at " + fx.crashing.crashedAt().orElseThrow();
        checkInvariants(fx, where + ", before the replay", false);

        Object answer = world.step.call();

        assertEquals(clean.answer(), answer, where + ": the replay answers as the clean run did");
        checkInvariants(fx, where + ", after the replay", true);
        assertEquals(clean.state(), withoutCodes(fx.recorded.snapshot()), where + ": the clean run's state");
    }

    private static void doubleSubmit(Saga saga, CleanRun clean) throws Exception {
        World world = world(saga);
        Object first = world.step.call();
        Map<String, Item> afterFirst = withoutCodes(world.fx.recorded.snapshot());

        Object second = world.step.call();

        assertEquals(clean.answer(), first);
        assertEquals(first, second);
        assertEquals(afterFirst, withoutCodes(world.fx.recorded.snapshot()), "the second submit changes nothing");
        checkInvariants(world.fx, "double submit", true);
    }

    /**
     * The same form from four browser tabs at once (four stay within the code's attempts), in
     * several rounds to meet different interleavings: one outcome, written once.
     */
    private static void concurrentSubmits(Saga saga, CleanRun clean) throws Exception {
        for (int round = 1; round <= 10; round++) {
            World world = world(saga);

            List<Object> outcomes = WorkspaceFlowTest.concurrently(4, world.step);

            assertEquals(List.of(clean.answer(), clean.answer(), clean.answer(), clean.answer()), outcomes,
                    "round " + round);
            checkInvariants(world.fx, "concurrent submits, round " + round, true);
            assertEquals(clean.state(), withoutCodes(world.fx.recorded.snapshot()), "round " + round);
        }
    }

    private static CleanRun cleanRun(Saga saga) {
        World world = world(saga);
        long before = world.fx.store.writes();
        try {
            Object answer = world.step.call();
            assertNotNull(answer);
            return new CleanRun((int) (world.fx.store.writes() - before), answer,
                    withoutCodes(world.fx.recorded.snapshot()));
        } catch (Exception e) {
            throw new AssertionError(saga.name() + ": the clean run failed", e);
        }
    }

    private record World(ActivationFixture fx, Callable<Object> step) {
    }

    /** The owner registered, then what the saga needs; the step not yet run. */
    private static World world(Saga saga) {
        ActivationFixture fx = new ActivationFixture();
        fx.register("cust-1", OWNER, OWNER_EMAIL);
        return new World(fx, saga.prepare().apply(fx));
    }

    // ---- invariants

    private static void checkInvariants(ActivationFixture fx, String when, boolean finished) {
        Map<String, Workspace> workspaces = new TreeMap<>();
        fx.recorded.items("WS#", "META").values()
                .forEach(item -> workspaces.put(item.get("id"), fx.workspaces.find(item.get("id")).orElseThrow()));
        Map<SubscriptionId, List<String>> listed = new HashMap<>();
        fx.recorded.items("SUB#", "META").values().forEach(item -> {
            SubscriptionId id = SubscriptionId.parse(item.get("subscriptionId"));
            listed.put(id, fx.subscriptions.workspaceIds(id));
        });

        for (Workspace workspace : workspaces.values()) {
            long meteredThrough = listed.entrySet().stream()
                    .filter(e -> e.getValue().contains(workspace.id()) && workspace.isBilledThrough(e.getKey()))
                    .count();
            assertTrue(meteredThrough <= 1, when + ": " + workspace.id() + " is billed through two channels");
            SubscriptionId channel = workspace.billingChannel();
            if (channel != null) {
                assertTrue(listed.getOrDefault(channel, List.of()).contains(workspace.id()),
                        when + ": " + workspace.id() + " is billed through " + channel.asText()
                                + ", which does not list it: its usage would never be metered");
            }
        }
        listed.forEach((subscription, ids) -> {
            for (String id : ids) {
                Workspace workspace = workspaces.get(id);
                if (workspace != null && workspace.billingChannel() != null) {
                    assertTrue(workspace.isBilledThrough(subscription), when + ": " + subscription.asText()
                            + " lists " + id + ", which is bound to " + workspace.billingChannel().asText());
                }
                if (finished) {
                    assertTrue(workspace != null && workspace.isBilledThrough(subscription),
                            when + ": " + subscription.asText() + " lists " + id + ", which it does not bill");
                }
            }
        });
        checkNames(fx, when, finished);
    }

    /** Each console username and e-mail and each Billing Center username belongs to one account. */
    private static void checkNames(ActivationFixture fx, String when, boolean finished) {
        Map<String, String> holders = new HashMap<>();
        for (Item console : fx.recorded.items("CONSOLE#", "META").values()) {
            holdOnce(holders, "console-username#" + console.get("username"), console.get("id"), when);
            holdOnce(holders, "console-email#" + console.get("email"), console.get("id"), when);
        }
        for (Item billing : fx.recorded.items("BILLING#", "META").values()) {
            holdOnce(holders, "billing-username#" + billing.get("username"), billing.get("id"), when);
        }
        holders.forEach((name, id) -> assertEquals(Optional.of(id), Optional.ofNullable(fx.recorded.snapshot()
                        .get("UNIQUE#" + name.toLowerCase(Locale.ROOT) + "|OWNER")).map(item -> item.get("ownerId")),
                when + ": the guard of " + name));
        if (finished) {
            for (Item guard : fx.recorded.items("UNIQUE#", "OWNER").values()) {
                assertTrue(holders.containsValue(guard.get("ownerId")),
                        when + ": " + guard.key() + " is held for an account that does not exist");
            }
        }
    }

    private static void holdOnce(Map<String, String> holders, String name, String id, String when) {
        String earlier = holders.putIfAbsent(name, id);
        assertTrue(earlier == null || earlier.equals(id), when + ": " + name + " is held by " + earlier + " and " + id);
    }

    // ---- set-up

    /** A session of a second subscription, bound to the owner's Billing Center account. */
    private static ActivationSession boundSession(ActivationFixture fx) {
        return fx.bindBillingAccount(fx.arrive("cust-2", "444455556666").session(), OWNER, OWNER_EMAIL);
    }


    private static WorkspaceCreation.NewWorkspace newWorkspace() {
        return new WorkspaceCreation.NewWorkspace(SUBMISSION, "Second", "en", true);
    }

}
