package org.mpactivation.testkit.fuzz;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The properties every answer of a public endpoint keeps, whatever was sent: a 2xx, 3xx or 4xx status
 * (a 503 with Retry-After only where the test made the store or the marketplace busy), never a
 * stack trace or an exception's name in the body, and a message a person can read with every 4xx.
 */
public final class WebAnswers {

    private static final Pattern TAGS = Pattern.compile("<[^>]*>");
    private static final Pattern WORD = Pattern.compile("\\p{L}{3,}");

    private WebAnswers() {
    }

    /**
     * @param busyAllowed whether a 503 with Retry-After is a correct answer here
     * @param context     the request, for the failure message
     */
    public static void check(int status, Map<String, String> headers, String body, boolean busyAllowed,
                             String context) {
        String text = body == null ? "" : body;
        boolean busy = status == 503 && busyAllowed && header(headers, "Retry-After") != null;
        if (!(status >= 200 && status < 500) && !busy) {
            throw new AssertionError("status " + status + " for " + context + "\nbody: " + clip(text));
        }
        if (text.contains("Exception") || text.contains("java.") || text.contains("\tat ")) {
            throw new AssertionError("the body names an exception or a stack frame, for " + context + "\nbody: "
                    + clip(text));
        }
        if (status >= 400 && !WORD.matcher(TAGS.matcher(text).replaceAll(" ")).find()) {
            throw new AssertionError("status " + status + " without a readable message, for " + context
                    + "\nbody: " + clip(text));
        }
    }

    /** A header's value by case-insensitive name, or null. */
    public static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** At most 600 characters of {@code text}, for failure messages. */
    public static String clip(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() > 600 ? text.substring(0, 600) + "… (" + text.length() + " chars)" : text;
    }
}
