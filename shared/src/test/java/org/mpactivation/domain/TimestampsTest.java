package org.mpactivation.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Timestamps writes what Instant.toString writes and reads what Instant.parse reads, answers and failures. */
class TimestampsTest {

    private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_9999_END = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    @Property(tries = 3000)
    void givenAnyInstantOfFourDigitYears_thenFormatIsToStringAndParseReadsItBack(
            @ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long second,
            @ForAll("nanos") int nano) {
        Instant instant = Instant.ofEpochSecond(second, nano);
        String text = Timestamps.format(instant);
        assertEquals(instant.toString(), text);
        assertEquals(instant, Timestamps.parse(text));
    }

    @Property(tries = 3000, edgeCases = EdgeCasesMode.NONE)
    void givenAnyTextOfTheCommonShape_thenParseAnswersAsInstantParse(@ForAll("commonShapes") String text) {
        assertSameAsJdk(text);
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void givenAnyTextOfTheCommonShapeWithOneCharacterChanged_thenParseAnswersAsInstantParse(
            @ForAll("commonShapes") String text, @ForAll @IntRange(min = 0, max = 29) int position,
            @ForAll("oddCharacters") char replacement) {
        int at = position % text.length();
        assertSameAsJdk(text.substring(0, at) + replacement + text.substring(at + 1));
    }

    @Test
    void givenTheFormsTheJdkAlsoReads_thenParseAnswersAsInstantParse() {
        for (String text : List.of("2026-03-01T08:00:00Z", "2026-03-01T08:00:00.5Z", "2026-03-01T08:00:00.123456789Z",
                "2026-03-01t08:00:00z", "2026-03-01T08:00:00+01:00", "2026-12-31T23:59:60Z", "+10000-01-01T00:00:00Z",
                "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-03-01T24:00:00Z",
                "2026-03-01T08:00:00.Z", "2026-03-01T08:00:00.1234567890Z", "2026-03-01 08:00:00Z", "", "garbage")) {
            assertSameAsJdk(text);
        }
        assertThrows(NullPointerException.class, () -> Timestamps.parse(null));
    }

    @Test
    void givenYearsOutsideFourDigits_thenFormatIsToString() {
        Instant far = Instant.ofEpochSecond(YEAR_9999_END + 1);
        Instant before = Instant.ofEpochSecond(YEAR_0 - 1, 5);
        assertEquals(far.toString(), Timestamps.format(far));
        assertEquals(before.toString(), Timestamps.format(before));
    }

    private static void assertSameAsJdk(String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException refused) {
            assertThrows(DateTimeParseException.class, () -> Timestamps.parse(text), text);
            return;
        }
        assertEquals(expected, Timestamps.parse(text), text);
    }

    @Provide
    Arbitrary<Integer> nanos() {
        return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(us -> us * 1000),
                Arbitraries.integers().between(0, 999_999_999));
    }

    @Provide
    Arbitrary<String> commonShapes() {
        Arbitrary<String> date = Combinators.combine(Arbitraries.integers().between(0, 9999),
                Arbitraries.integers().between(0, 13), Arbitraries.integers().between(0, 32))
                .as((y, m, d) -> String.format("%04d-%02d-%02d", y, m, d));
        Arbitrary<String> time = Combinators.combine(Arbitraries.integers().between(0, 24),
                Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 60))
                .as((h, m, s) -> String.format("T%02d:%02d:%02d", h, m, s));
        Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(10).map(digits -> "." + digits));
        return Combinators.combine(date, time, fraction).as((d, t, f) -> d + t + f + "Z");
    }

    @Provide
    Arbitrary<Character> oddCharacters() {
        return Arbitraries.of('0', '9', '-', ':', '.', 'T', 't', 'Z', 'z', '+', ' ', 'x', '\u0661');
    }

    @Property(tries = 2000)
    void givenAnyInstantOfFourDigitYears_thenTheFixedWidthTextOfTheIndexPattern(
            @ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long second,
            @ForAll("nanos") int nano) {
        Instant instant = Instant.ofEpochSecond(second, nano);
        assertEquals(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(instant), Timestamps.formatFixedMillis(instant));
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void givenAnyTextOfTheCommonShape_thenTheCommonFormIsReadAsEveryJdkParserReadsIt(
            @ForAll("commonShapes") String text) {
        Instant read = Timestamps.parseCommonForm(text);
        Instant offset;
        try {
            offset = java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException refused) {
            assertEquals(null, read, text);
            return;
        }
        if (read != null) {
            assertEquals(offset, read, text);
            assertEquals(Instant.parse(text), read, text);
        }
    }
}
