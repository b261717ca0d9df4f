package org.mpactivation.testkit.fuzz;

import java.util.List;
import java.util.Random;

/**
 * Text that breaks careless parsers, for fuzz suites: empty and blank values, values far over any
 * limit, every script and emoji, bidirectional and zero-width controls, NUL and control characters,
 * lone surrogates, broken percent escapes, markup and quotes, numbers of every shape. Each draw picks
 * one family, so that a run of a thousand cases reaches them all.
 */
public final class HostileText {

    private static final List<String> ODD = List.of("", " ", "\t", "\r\n", "\u0000", "null", "undefined", "NaN",
            "-0", "1e309", "9223372036854775808", "-9223372036854775809", "0x1F", "true", "[]", "{}", "\"",
            "'", "\\", "%", "%%", "%zz", "%E0%A4%A", "%00", "%C0%AE%C0%AE/", "+", "&", "=", "&&==", "a=b&c",
            "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "${jndi:ldap://x/a}", "{{7*7}}",
            "' OR '1'='1", "../../etc/passwd", "\u202Eevil\u202C", "\u2066x\u2069", "\u200B\u200C\u200D\uFEFF",
            "\uD800", "\uDC00x", "\uFFFF", "\uFFFD", "𝕏😀👩‍👩‍👧", "中文用户名", "العربية", "ﷺ", "Ⅻ", "ß",
            "İ", "\u0301\u0301\u0301", "a\u0000b", "\u001B[31m", "\u0085", "\u2028\u2029");

    private static final String SCRIPTS = "中文日本語한국어Ελληνικάעבריתहिन्दीрусский";

    private HostileText() {
    }

    /** A hostile value of any family. */
    public static String any(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> ODD.get(random.nextInt(ODD.size()));
            case 1 -> huge(random);
            case 2 -> unicode(random, 1 + random.nextInt(40));
            case 3 -> percentGarbage(random);
            case 4 -> ascii(random, random.nextInt(30));
            case 5 -> ODD.get(random.nextInt(ODD.size())) + ascii(random, random.nextInt(10))
                    + ODD.get(random.nextInt(ODD.size()));
            case 6 -> number(random);
            case 7 -> mutate(random, ODD.get(random.nextInt(ODD.size())) + unicode(random, 5));
            default -> unicode(random, 200 + random.nextInt(2_000));
        };
    }

    /** Between 1 KiB and 80 KiB of one repeated or random character (over the 64 KiB body limit at times). */
    public static String huge(Random random) {
        int length = random.nextBoolean() ? 1_024 + random.nextInt(8_192) : 60_000 + random.nextInt(20_000);
        if (random.nextBoolean()) {
            return String.valueOf((char) ('a' + random.nextInt(26))).repeat(length);
        }
        return unicode(random, length / 2);
    }

    /** Characters from every plane, controls and surrogates included. */
    public static String unicode(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append((char) random.nextInt(0x20));
                case 1 -> text.append((char) (0x20 + random.nextInt(0x5F)));
                case 2 -> text.append((char) random.nextInt(0x10000));
                case 3 -> text.appendCodePoint(0x10000 + random.nextInt(0xFFFFF));
                case 4 -> text.append("\u202E\u202D\u2066\u2067\u2068\u2069\u200E\u200F\u061C"
                        .charAt(random.nextInt(9)));
                default -> text.append(SCRIPTS.charAt(random.nextInt(SCRIPTS.length())));
            }
        }
        return text.toString();
    }

    /** Printable ASCII. */
    public static String ascii(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x20 + random.nextInt(0x5F)));
        }
        return text.toString();
    }

    /** Percent escapes, complete and broken, mixed with the characters forms treat specially. */
    public static String percentGarbage(Random random) {
        StringBuilder text = new StringBuilder();
        int parts = 1 + random.nextInt(12);
        for (int i = 0; i < parts; i++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append('%');
                case 1 -> text.append('%').append(Integer.toHexString(random.nextInt(16)));
                case 2 -> text.append(String.format("%%%02X", random.nextInt(256)));
                case 3 -> text.append("%u").append(Integer.toHexString(random.nextInt(0x10000)));
                case 4 -> text.append("+&=;#?".charAt(random.nextInt(6)));
                default -> text.append(ascii(random, 1 + random.nextInt(4)));
            }
        }
        return text.toString();
    }

    /** A number, or something shaped like one. */
    public static String number(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> Integer.toString(random.nextInt());
            case 1 -> Long.toString(random.nextLong());
            case 2 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 3 -> "1" + "0".repeat(random.nextInt(400));
            case 4 -> "-" + random.nextInt(1000);
            case 5 -> random.nextInt(100) + "." + random.nextInt(100) + "e" + (random.nextInt(700) - 350);
            case 6 -> "０１２３";
            default -> Integer.toString(random.nextInt(1000));
        };
    }

    /** {@code value} with one to three characters inserted, deleted or replaced: almost valid. */
    public static String mutate(Random random, String value) {
        StringBuilder text = new StringBuilder(value);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = text.length() == 0 ? 0 : random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0 -> text.insert(at, ODD.get(random.nextInt(ODD.size())));
                case 1 -> {
                    if (text.length() > 0) {
                        text.deleteCharAt(at);
                    }
                }
                default -> {
                    if (text.length() > 0) {
                        text.setCharAt(at, (char) (0x20 + random.nextInt(0x5F)));
                    }
                }
            }
        }
        return text.toString();
    }

    /** One of the given values, or (one time in {@code 1/hostileShare}) a hostile one. */
    public static String mostly(Random random, int hostileShare, String... values) {
        if (values.length == 0 || random.nextInt(hostileShare) == 0) {
            return random.nextBoolean() ? any(random) : mutate(random, values.length == 0 ? "" : values[0]);
        }
        return values[random.nextInt(values.length)];
    }
}
