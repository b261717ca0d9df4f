package org.mpactivation.benchmarks.warm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One answer of a handler, whichever cloud's types carried it: status, Location and body. */
record Answer(int status, String location, String body) {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SUBMISSION = Pattern.compile("name=\"submissionId\" value=\"([^\"]+)\"");

    /** This answer, after checking its status (a walk that goes wrong stops with what it got). */
    Answer expect(int expected, String what) {
        if (status != expected) {
            throw new IllegalStateException(what + " answered " + status + " (expected " + expected + ")"
                    + (location == null ? "" : " to " + location) + ": " + clip(body));
        }
        return this;
    }

    /** The form fields a browser sends unseen: the CSRF token and the submission id, if on the page. */
    Map<String, String> hiddenFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        find(CSRF).ifPresent(value -> fields.put("_csrf", value));
        find(SUBMISSION).ifPresent(value -> fields.put("submissionId", value));
        return fields;
    }

    /** The hidden fields and these. */
    Map<String, String> form(Map<String, String> fields) {
        Map<String, String> all = hiddenFields();
        all.putAll(fields);
        return all;
    }

    private java.util.Optional<String> find(Pattern pattern) {
        Matcher matcher = pattern.matcher(body == null ? "" : body);
        return matcher.find() ? java.util.Optional.of(matcher.group(1).replace("&#61;", "=").replace("&amp;", "&")
                .replace("&#43;", "+").replace("&#47;", "/")) : java.util.Optional.empty();
    }

    private static String clip(String text) {
        return text == null ? "" : text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
