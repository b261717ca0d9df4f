package org.mpactivation.web;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a {@code Content-Type} header (RFC 9110 section 8.3): the media type {@code type/subtype} is compared
 * with the expected one exactly, ignoring case; parameters after {@code ;} (a charset) are allowed but must be
 * well formed. {@code application/jsonx} or {@code application/json-patch+json} is not JSON.
 */
public final class ContentType {

    public static final String JSON = "application/json";
    public static final String FORM = "application/x-www-form-urlencoded";
    public static final String PLAIN_TEXT = "text/plain";

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"(?:[^\"\\\\]|\\\\.)*\"";
    private static final Pattern HEADER = Pattern.compile(
            "[ \t]*(" + TOKEN + "/" + TOKEN + ")[ \t]*(?:;[ \t]*(?:" + TOKEN + "=(?:" + TOKEN + "|" + QUOTED
                    + ")[ \t]*)?)*");

    private ContentType() {
    }

    /**
     * Whether the header names {@code mediaType} (lower case {@code type/subtype}).
     *
     * @param header the {@code Content-Type} header, or null when the request has none
     */
    public static boolean is(String header, String mediaType) {
        if (header == null) {
            return false;
        }
        var matcher = HEADER.matcher(header);
        return matcher.matches() && matcher.group(1).toLowerCase(Locale.ROOT).equals(mediaType);
    }
}
