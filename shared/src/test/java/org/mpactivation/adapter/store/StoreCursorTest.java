package org.mpactivation.adapter.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.StoreCursor.Kind;

class StoreCursorTest {

    @Test
    void givenParts_thenTheyRoundTripThroughAUrlSafeString() {
        List<String> parts = List.of("due#😀", "2030-01-01T00:00:00Z", "account#ü", "sub/+=?&");

        String cursor = StoreCursor.encode(Kind.INDEX, parts);

        assertTrue(cursor.matches("[A-Za-z0-9_-]+"), cursor);
        assertEquals(parts, StoreCursor.decode(cursor, Kind.INDEX));
    }

    @Test
    void givenCursorOfOtherKind_thenDecodeRefusesIt() {
        String cursor = StoreCursor.encode(Kind.TABLE, List.of("p", "s"));

        assertThrows(IllegalArgumentException.class, () -> StoreCursor.decode(cursor, Kind.INDEX));
    }

    @Test
    void givenAnySingleCharacterChanged_thenDecodeRefusesIt() {
        String cursor = StoreCursor.encode(Kind.TABLE, List.of("account#1", "usage#2030-01-01"));
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        // the last character may carry padding bits that decoding ignores; every other one counts
        for (int i = 0; i < cursor.length() - 1; i++) {
            for (char replacement : alphabet.toCharArray()) {
                if (replacement == cursor.charAt(i)) {
                    continue;
                }
                String tampered = cursor.substring(0, i) + replacement + cursor.substring(i + 1);
                assertThrows(IllegalArgumentException.class, () -> StoreCursor.decode(tampered, Kind.TABLE),
                        tampered);
            }
        }
    }

    @Test
    void givenGarbage_thenDecodeRefusesIt() {
        for (String garbage : List.of("", "=", "a", "AAAAAAAAAAAA", "%%%", "x".repeat(20_000))) {
            assertThrows(IllegalArgumentException.class, () -> StoreCursor.decode(garbage, Kind.TABLE), garbage);
        }
    }

    @Test
    void givenWrongNumberOfParts_thenEncodeRefusesIt() {
        assertThrows(IllegalArgumentException.class, () -> StoreCursor.encode(Kind.TABLE, List.of("p")));
    }
}
