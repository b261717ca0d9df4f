package org.mpactivation.adapter.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;

/** Repairing a damaged journal: a backup, every intact record kept, the dropped lines named. */
class JournalRepairTest {

    private static final Clock AT = Clock.fixed(Instant.parse("2026-03-02T10:15:30Z"), ZoneOffset.UTC);

    @TempDir
    Path directory;

    @Test
    void givenDamageInTheMiddle_thenTheRecordsBeforeAndAfterItAreKeptAndABackupHoldsTheOriginal() throws IOException {
        Path file = journalWith(4);
        String[] lines = Files.readString(file, UTF_8).split("\n", -1);
        lines[2] = lines[2].substring(0, 20) + "\u0001garbage";
        // a delete of s3 whose version was damaged, after s3's put
        lines[5] = "{\"op\":\"delete\",\"pk\":\"p\",\"sk\":\"s3\",\"v\":\"x\"}";
        Files.writeString(file, String.join("\n", lines) + "\n", UTF_8);
        byte[] damaged = Files.readAllBytes(file);

        JournalRepair.Report report = JournalRepair.repair(file, AT);

        Path backup = file.resolveSibling("store.journal.bak-20260302T101530Z");
        assertEquals(backup, report.backup());
        assertArrayEquals(damaged, Files.readAllBytes(backup));
        assertEquals(3, report.keptRecords());
        assertEquals(2, report.keptAfterDamage());
        assertEquals(2, report.dropped().size());
        assertEquals(3, report.dropped().get(0).lineNumber());
        assertEquals(lines[0].length() + 1 + lines[1].length() + 1, report.dropped().get(0).byteOffset());
        assertEquals("p sk=s3", report.dropped().get(1).keyHint(), "the key a dropped line names, to check");
        String text = String.join("\n", report.describe());
        assertTrue(text.contains("dropped line 3 at byte " + report.dropped().get(0).byteOffset()), text);
        assertFalse(text.contains("\u0001"), "one clean line per entry");

        try (JournaledItemStore store = JournaledItemStore.open(file, AT)) {
            assertTrue(store.get(new ItemKey("p", "s0")).isPresent());
            assertTrue(store.get(new ItemKey("p", "s1")).isEmpty(), "its line was damaged");
            assertTrue(store.get(new ItemKey("p", "s2")).isPresent(), "intact after the damage");
            assertTrue(store.get(new ItemKey("p", "s3")).isPresent(), "the damaged delete is not applied");
        }
    }

    @Test
    void givenAnIntactJournalWithATornLastLine_thenRepairDropsOnlyThatLine() throws IOException {
        Path file = journalWith(2);
        Files.write(file, "{\"op\":\"put\",\"pk\":\"p\"".getBytes(UTF_8), java.nio.file.StandardOpenOption.APPEND);

        JournalRepair.Report report = JournalRepair.repair(file, AT);

        assertEquals(2, report.keptRecords());
        assertEquals(1, report.dropped().size());
        assertTrue(report.dropped().get(0).reason().contains("incomplete last line"));
    }

    @Test
    void givenAnIntactJournal_thenNothingChanges() throws IOException {
        Path file = journalWith(3);
        byte[] before = Files.readAllBytes(file);

        JournalRepair.Report report = JournalRepair.repair(file, AT);

        assertNull(report.backup());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertTrue(report.describe().get(0).contains("is intact (3 records)"));
    }

    @Test
    void givenAFileThatIsNoJournal_orAJournalInUse_thenRepairRefusesAndChangesNothing() throws IOException {
        Path other = directory.resolve("notes.txt");
        Files.writeString(other, "shopping list\nmilk\n", UTF_8);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> JournalRepair.repair(other, AT));
        assertTrue(refused.getMessage().contains("nothing was changed"), refused.getMessage());
        assertEquals("shopping list\nmilk\n", Files.readString(other, UTF_8));

        Path file = journalWith(1);
        try (JournaledItemStore running = JournaledItemStore.open(file, AT)) {
            assertTrue(assertThrows(IllegalStateException.class, () -> JournalRepair.repair(file, AT)).getMessage()
                    .contains("in use"));
        }
    }

    private Path journalWith(int items) {
        Path file = directory.resolve("store.journal");
        try (JournaledItemStore store = JournaledItemStore.open(file, AT)) {
            for (int i = 0; i < items; i++) {
                store.putIfAbsent(Item.of(new ItemKey("p", "s" + i), Map.of("n", Integer.toString(i))));
            }
        }
        return file;
    }
}
