package org.mpactivation.azure.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body or query, as OAuth 2.0's token requests and authorization
 * requests are written: each name and value percent-encoded as UTF-8, in the order given.
 */
public final class FormBody {

    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

    private FormBody() {
    }

    /** {@code name=value&...}; a null value leaves its name out. */
    public static String encode(Map<String, String> fields) {
        StringBuilder form = new StringBuilder();
        fields.forEach((name, value) -> {
            if (value != null) {
                if (form.length() > 0) {
                    form.append('&');
                }
                form.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return form.toString();
    }

    public static byte[] bytes(Map<String, String> fields) {
        return encode(fields).getBytes(StandardCharsets.UTF_8);
    }
}
