package org.mpactivation.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Instants as stored items, sort keys and signatures spell them: the text of {@link Instant#toString()}
 * ({@code 2026-03-01T08:00:00Z}, with 3, 6 or 9 fraction digits when there is a fraction), written and read
 * without {@code java.time.format}. The JDK's formatter builds a dozen formatters in its static
 * initializer, which costs a cold start 10 to 30 ms before the first stored time is written.
 *
 * <p>{@link #format} gives exactly what {@code toString()} gives; {@link #parse} reads exactly what
 * {@link Instant#parse} reads, and answers the same, exceptions included: the common form is read here,
 * anything else (an offset, a leap second, a year past 9999, a malformed text) goes to the JDK.
 */
public final class Timestamps {

    private static final int SHORTEST = "2026-03-01T08:00:00Z".length();

    private Timestamps() {
    }

    /** {@code instant.toString()}. */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return instant.toString();
        }
        StringBuilder out = new StringBuilder(30);
        digits(out, year, 4).append('-');
        digits(out, t.getMonthValue(), 2).append('-');
        digits(out, t.getDayOfMonth(), 2).append('T');
        digits(out, t.getHour(), 2).append(':');
        digits(out, t.getMinute(), 2).append(':');
        digits(out, t.getSecond(), 2);
        int nano = instant.getNano();
        if (nano != 0) {
            out.append('.');
            if (nano % 1_000_000 == 0) {
                digits(out, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                digits(out, nano / 1000, 6);
            } else {
                digits(out, nano, 9);
            }
        }
        return out.append('Z').toString();
    }

    /** {@code Instant.parse(text)}. */
    public static Instant parse(CharSequence text) {
        Instant read = text == null ? null : readCommonForm(text);
        return read != null ? read : Instant.parse(text);
    }

    /**
     * The instant of a text in the common form ({@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, a valid date and time),
     * which every ISO-8601 parser of the JDK reads the same way; null for any other text, for the caller's
     * own parser to decide.
     */
    public static Instant parseCommonForm(CharSequence text) {
        return text == null ? null : readCommonForm(text);
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss.SSSZ}: always three fraction digits (the instant truncated to the millisecond), so
     * that the texts of years 0 to 9999 sort as their instants do.
     */
    public static String formatFixedMillis(Instant instant) {
        String text = format(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        if (text.length() != SHORTEST) {
            throw new IllegalArgumentException("a fixed-width time needs a year from 0 to 9999: " + instant);
        }
        StringBuilder out = new StringBuilder(SHORTEST + 4).append(text, 0, SHORTEST - 1).append('.');
        return digits(out, instant.getNano() / 1_000_000, 3).append('Z').toString();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null for anything else. */
    private static Instant readCommonForm(CharSequence text) {
        int length = text.length();
        if (length < SHORTEST || length > SHORTEST + 10 || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 7);
        int day = number(text, 8, 10);
        int hour = number(text, 11, 13);
        int minute = number(text, 14, 16);
        int second = number(text, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int nano = 0;
        if (length > SHORTEST) {
            if (text.charAt(19) != '.' || length == SHORTEST + 1) {
                return null;
            }
            int fraction = number(text, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nano = fraction;
            for (int i = length - 1 - 20; i < 9; i++) {
                nano *= 10;
            }
        }
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400 + hour * 3_600L + minute * 60L + second,
                nano);
    }

    // the calendar by hand: LocalDate.of asks java.time.Year whether a year is leap, and Year's static
    // initializer builds a formatter

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days from 1970-01-01 to a valid proleptic Gregorian date (the days-from-civil algorithm). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** The decimal number in {@code text[from, to)}, or -1 if a character is not an ASCII digit. */
    private static int number(CharSequence text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static StringBuilder digits(StringBuilder out, int value, int width) {
        String text = Integer.toString(value);
        for (int i = text.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(text);
    }
}
