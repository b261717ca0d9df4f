package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mpactivation.application.MeteringWorld.PRODUCT;
import static org.mpactivation.application.MeteringWorld.at;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mpactivation.application.MeteringWorld.Buyer;
import org.mpactivation.application.UsageIntake.BatchRejectedException;
import org.mpactivation.application.UsageIntake.Submitted;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.UsageRecord;
import org.mpactivation.port.out.store.Item;

/** Usage batches from the product: every rule, all-or-nothing, once per record id. */
class UsageIntakeTest {

    private static final String OPEN_HOUR = "2025-03-01T10:00:00Z";

    private static MeteringWorld world() {
        MeteringWorld w = new MeteringWorld();
        w.buyer("intake", PRODUCT, false);
        w.moveTo(at("10:20"));
        return w;
    }

    private static String workspace(MeteringWorld w) {
        return "ws-intake-1";
    }

    private static Submitted good(MeteringWorld w, String id) {
        return new Submitted(id, workspace(w), "hosts", OPEN_HOUR, 3L);
    }

    @Test
    void givenAGoodBatch_thenEveryRecordIsStoredWithItsHour() {
        MeteringWorld w = world();
        UsageIntake.Result result = w.intake.accept(List.of(good(w, "u-1"),
                new Submitted("u-2", workspace(w), "api_calls", "2025-03-01T10:47:12Z", 0L),
                new Submitted("u-3", workspace(w), "gigabytes", OPEN_HOUR, UsageIntake.MAX_QUANTITY)));
        assertEquals(new UsageIntake.Result(3, 0), result);
        assertEquals(new UsageRecord("u-2", workspace(w), "api_calls", at("10:00"), 0),
                w.usage.find("u-2").orElseThrow(), "a time within the hour is stored as its hour");
        assertEquals(Map.of("hosts", 3L, "api_calls", 0L, "gigabytes", UsageIntake.MAX_QUANTITY),
                w.usage.sumByDimension(workspace(w), at("10:00")));
    }

    @Test
    void givenAResend_thenEveryRecordIsADuplicateAndNothingChanges() {
        MeteringWorld w = world();
        List<Submitted> batch = List.of(good(w, "u-1"), good(w, "u-2"));
        w.intake.accept(batch);
        Map<String, Item> stored = w.recorded.snapshot();
        assertEquals(new UsageIntake.Result(0, 2), w.intake.accept(batch));
        assertEquals(stored, w.recorded.snapshot());
    }

    @Test
    void givenTheSameRecordTwiceInABatch_thenStoredOnceAndCountedAsADuplicate() {
        MeteringWorld w = world();
        assertEquals(new UsageIntake.Result(1, 1), w.intake.accept(List.of(good(w, "u-1"), good(w, "u-1"))));
        assertEquals(Map.of("hosts", 3L), w.usage.sumByDimension(workspace(w), at("10:00")));
    }

    @Test
    void givenTheSameIdTwiceInABatchDifferently_thenTheBatchIsRefused() {
        MeteringWorld w = world();
        Map<String, Item> before = w.recorded.snapshot();
        BatchRejectedException refused = assertThrows(BatchRejectedException.class, () -> w.intake.accept(List.of(
                good(w, "u-1"), new Submitted("u-1", workspace(w), "hosts", OPEN_HOUR, 4L))));
        assertFalse(refused.isConflict());
        assertEquals(1, refused.rejections().size());
        assertEquals(1, refused.rejections().get(0).index());
        assertTrue(refused.rejections().get(0).reason().contains("twice"));
        assertEquals(before, w.recorded.snapshot());
    }

    @Test
    void givenAnIdStoredBeforeWithOtherContent_thenAConflictAndNothingOfTheBatchIsStored() {
        MeteringWorld w = world();
        w.intake.accept(List.of(good(w, "u-1")));
        Map<String, Item> stored = w.recorded.snapshot();
        BatchRejectedException refused = assertThrows(BatchRejectedException.class, () -> w.intake.accept(List.of(
                good(w, "u-new"), new Submitted("u-1", workspace(w), "hosts", OPEN_HOUR, 5L))));
        assertTrue(refused.isConflict());
        assertEquals(1, refused.rejections().get(0).index());
        assertEquals(stored, w.recorded.snapshot());
        assertTrue(w.usage.find("u-new").isEmpty());
    }

    @Test
    void givenAConcurrentRequestStoresTheSameRecordFirst_thenItIsADuplicateNotAccepted() {
        MeteringWorld w = world();
        // the other request writes between this one's look (nothing stored) and its own write
        w.intercepting.beforeFirstWrite(key -> key.pk().equals("USAGE#u-2"),
                () -> w.usage.putIfAbsent(new UsageRecord("u-2", workspace(w), "hosts", at("10:00"), 3)));

        assertEquals(new UsageIntake.Result(1, 1), w.intake.accept(List.of(good(w, "u-1"), good(w, "u-2"))));
        assertEquals(Map.of("hosts", 6L), w.usage.sumByDimension(workspace(w), at("10:00")));
    }

    @Test
    void givenAConcurrentRequestStoresTheIdWithOtherContentFirst_thenAConflictNamingWhatWasStored() {
        MeteringWorld w = world();
        w.intercepting.beforeFirstWrite(key -> key.pk().equals("USAGE#u-2"),
                () -> w.usage.putIfAbsent(new UsageRecord("u-2", workspace(w), "hosts", at("10:00"), 9)));

        UsageIntake.ConcurrentConflictException conflict = assertThrows(UsageIntake.ConcurrentConflictException.class,
                () -> w.intake.accept(List.of(good(w, "u-1"), good(w, "u-2"), good(w, "u-3"))));

        assertEquals(List.of("u-1", "u-3"), conflict.stored());
        assertEquals(1, conflict.conflicts().size());
        assertEquals(1, conflict.conflicts().get(0).index());
        assertEquals("u-2", conflict.conflicts().get(0).recordId());
        assertEquals(9, w.usage.find("u-2").orElseThrow().quantity(), "the first writer's record stays");
        assertEquals(Map.of("hosts", 15L), w.usage.sumByDimension(workspace(w), at("10:00")));
    }

    @Test
    void givenEmptyOrOversizedBatches_thenRefused() {
        MeteringWorld w = world();
        assertEquals(-1, assertThrows(BatchRejectedException.class, () -> w.intake.accept(List.of()))
                .rejections().get(0).index());
        List<Submitted> tooMany = new ArrayList<>();
        for (int i = 0; i <= UsageIntake.MAX_RECORDS; i++) {
            tooMany.add(good(w, "big-" + i));
        }
        Map<String, Item> before = w.recorded.snapshot();
        assertThrows(BatchRejectedException.class, () -> w.intake.accept(tooMany));
        assertEquals(before, w.recorded.snapshot());
        assertEquals(new UsageIntake.Result(UsageIntake.MAX_RECORDS, 0),
                w.intake.accept(tooMany.subList(0, UsageIntake.MAX_RECORDS)));
    }

    /** Each rule on its own: a batch of a good record and the bad one is refused whole, naming the bad one. */
    @TestFactory
    List<DynamicTest> givenOneBadRecord_thenTheBatchIsRefusedAndNothingStored() {
        record Bad(String rule, Submitted record, String reason) {
        }
        String ws = "ws-intake-1";
        List<Bad> cases = List.of(
                new Bad("record id with a space", new Submitted("bad id", ws, "hosts", OPEN_HOUR, 1L), "recordId"),
                new Bad("empty record id", new Submitted("", ws, "hosts", OPEN_HOUR, 1L), "recordId"),
                new Bad("no record id", new Submitted(null, ws, "hosts", OPEN_HOUR, 1L), "recordId"),
                new Bad("record id of 129 characters", new Submitted("x".repeat(129), ws, "hosts", OPEN_HOUR, 1L),
                        "recordId"),
                new Bad("record id with a non-ASCII letter", new Submitted("r\u00e9cord", ws, "hosts", OPEN_HOUR, 1L),
                        "recordId"),
                new Bad("unknown dimension", new Submitted("b-1", ws, "cpu_hours", OPEN_HOUR, 1L), "unknown dimension"),
                new Bad("marketplace dimension name", new Submitted("b-1", ws, "requests", OPEN_HOUR, 1L),
                        "unknown dimension"),
                new Bad("no dimension", new Submitted("b-1", ws, null, OPEN_HOUR, 1L), "unknown dimension"),
                new Bad("unknown workspace", new Submitted("b-1", "ws-nobody", "hosts", OPEN_HOUR, 1L),
                        "unknown workspace"),
                new Bad("no workspace", new Submitted("b-1", null, "hosts", OPEN_HOUR, 1L), "unknown workspace"),
                new Bad("overlong workspace id", new Submitted("b-1", "w".repeat(65), "hosts", OPEN_HOUR, 1L),
                        "unknown workspace"),
                new Bad("negative quantity", new Submitted("b-1", ws, "hosts", OPEN_HOUR, -1L), "quantity"),
                new Bad("too large quantity", new Submitted("b-1", ws, "hosts", OPEN_HOUR,
                        UsageIntake.MAX_QUANTITY + 1), "quantity"),
                new Bad("non-integer quantity (parsed as none)", new Submitted("b-1", ws, "hosts", OPEN_HOUR, null),
                        "quantity"),
                new Bad("hour not a time", new Submitted("b-1", ws, "hosts", "yesterday", 1L), "ISO-8601"),
                new Bad("hour without a zone", new Submitted("b-1", ws, "hosts", "2025-03-01T10:00:00",
                        1L), "ISO-8601"),
                new Bad("no hour", new Submitted("b-1", ws, "hosts", null, 1L), "ISO-8601"),
                new Bad("hour closed", new Submitted("b-1", ws, "hosts", "2025-03-01T09:00:00Z", 1L), "closed"),
                new Bad("hour in the future", new Submitted("b-1", ws, "hosts", "2025-03-01T11:00:00Z", 1L),
                        "future"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Bad bad : cases) {
            tests.add(DynamicTest.dynamicTest(bad.rule(), () -> {
                MeteringWorld w = world();
                Map<String, Item> before = w.recorded.snapshot();
                BatchRejectedException refused = assertThrows(BatchRejectedException.class,
                        () -> w.intake.accept(List.of(good(w, "ok-1"), bad.record())));
                assertFalse(refused.isConflict());
                assertEquals(1, refused.rejections().size(), refused.rejections().toString());
                assertEquals(1, refused.rejections().get(0).index());
                assertTrue(refused.rejections().get(0).reason().contains(bad.reason()),
                        refused.rejections().get(0).reason());
                assertEquals(before, w.recorded.snapshot(), "nothing stored");
            }));
        }
        return tests;
    }

    @Test
    void givenAnHourAlreadyReported_thenRefusedNotLostSilently() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("intake", PRODUCT, false);
        w.moveTo(at("10:20"));
        w.intake.accept(List.of(good(w, "before-final")));
        w.notices.receive(w.sns(buyer, "m-pending", LifecycleAction.ENDING));
        w.metering.run();
        assertEquals(at("11:00"), w.state(buyer).meteredThrough(), "the final report took the open hour");
        assertEquals(Map.of("hosts@2025-03-01T10:00:00Z", 3), w.billed(buyer));
        BatchRejectedException refused = assertThrows(BatchRejectedException.class,
                () -> w.intake.accept(List.of(good(w, "after-final"))));
        assertTrue(refused.rejections().get(0).reason().contains("final report sent"), "after the final report, metering has ended");
        assertTrue(w.usage.find("after-final").isEmpty());
    }

    @Test
    void givenTheHourJustBeforeItCloses_thenStillTaken() {
        MeteringWorld w = new MeteringWorld();
        w.buyer("intake", PRODUCT, false);
        w.moveTo(at("10:09"));
        assertEquals(1, w.intake.accept(List.of(new Submitted("edge", "ws-intake-1", "hosts",
                "2025-03-01T09:00:00Z", 1L))).accepted());
        w.moveTo(at("10:10"));
        assertThrows(BatchRejectedException.class, () -> w.intake.accept(List.of(new Submitted("edge-2",
                "ws-intake-1", "hosts", "2025-03-01T09:00:00Z", 1L))));
        w.moveTo(at("10:56"));
        assertEquals(1, w.intake.accept(List.of(new Submitted("soon", "ws-intake-1", "hosts",
                "2025-03-01T11:00:00Z", 1L))).accepted(), "five minutes of clock skew are tolerated");
    }
}
