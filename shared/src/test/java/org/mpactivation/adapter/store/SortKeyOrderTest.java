package org.mpactivation.adapter.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortKeyOrderTest {

    @Test
    void givenCharactersAboveTheBasicPlane_thenTheySortAfterFullwidthLetters() {
        assertTrue(SortKeyOrder.compare("😀", "ｂ") > 0);
        assertTrue("😀".compareTo("ｂ") < 0, "UTF-16 order differs, which is why the store has its own");
    }

    @Test
    void givenRandomStrings_thenOrderEqualsUtf8ByteOrder() {
        Random random = new Random(1);
        int[] codePoints = {'a', 'z', 0xE9, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFF42, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
        for (int round = 0; round < 2000; round++) {
            String a = randomString(random, codePoints);
            String b = randomString(random, codePoints);
            int bytes = Integer.signum(Arrays.compareUnsigned(
                    a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
            assertEquals(bytes, Integer.signum(SortKeyOrder.compare(a, b)), List.of(a, b).toString());
        }
    }

    private static String randomString(Random random, int[] codePoints) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(4);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return text.toString();
    }
}
