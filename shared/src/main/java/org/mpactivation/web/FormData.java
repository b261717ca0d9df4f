package org.mpactivation.web;

import java.util.HashMap;
import java.util.Map;

/** The fields of an {@code application/x-www-form-urlencoded} body; the first value of a name wins. */
public final class FormData {

    static final int MAX_FIELDS = 100;
    private final Map<String, String> fields;

    private FormData(Map<String, String> fields) {
        this.fields = fields;
    }

    /**
     * @throws BadRequestException for a malformed body (a bad escape, bytes that are not UTF-8) or too many
     *                             fields
     */
    public static FormData parse(String body) {
        Map<String, String> fields = new HashMap<>();
        if (body.isEmpty()) {
            return new FormData(fields);
        }
        String[] pairs = body.split("&", -1);
        if (pairs.length > MAX_FIELDS) {
            throw new BadRequestException(400, "error.request.malformed");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = UrlEncoding.decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : UrlEncoding.decode(pair.substring(eq + 1));
            fields.putIfAbsent(name, value);
        }
        return new FormData(fields);
    }

    public String get(String name) {
        return fields.get(name);
    }

    public String getOrEmpty(String name) {
        return fields.getOrDefault(name, "");
    }

    public Map<String, String> asMap() {
        return Map.copyOf(fields);
    }
}
