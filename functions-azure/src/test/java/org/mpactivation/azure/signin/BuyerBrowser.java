package org.mpactivation.azure.signin;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the buyer's browser does between our authorization URL and our callback, over real HTTP: opens the
 * provider's sign-in page, picks an account in its form, and stops at the redirect to our callback (our
 * redirect URI is never contacted) so the test can read the code and the state.
 */
public final class BuyerBrowser {

    private static final Pattern FORM_ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"");
    private static final Pattern SIGN_IN_ID = Pattern.compile("name=\"sign_in\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Follows {@code authorizationUrl}, signs in as the account {@code objectId}; the callback's query. */
    public Map<String, String> signIn(URI authorizationUrl, String objectId) {
        HttpResponse<String> page = send(HttpRequest.newBuilder(authorizationUrl).GET());
        if (page.statusCode() != 200) {
            throw new AssertionError("the sign-in page answered " + page.statusCode() + ": " + page.body());
        }
        URI action = URI.create(unescape(find(FORM_ACTION, page.body())));
        String form = formBody(Map.of("sign_in", unescape(find(SIGN_IN_ID, page.body())), "account", objectId));
        HttpResponse<String> redirect = send(HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (redirect.statusCode() / 100 != 3) {
            throw new AssertionError("the sign-in form answered " + redirect.statusCode() + ": " + redirect.body());
        }
        String location = redirect.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("a redirect without Location"));
        return query(URI.create(location));
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the provider cannot be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String find(Pattern pattern, String html) {
        Matcher matcher = pattern.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("not on the sign-in page: " + pattern);
        }
        return matcher.group(1);
    }

    private static String unescape(String attribute) {
        return attribute.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static String formBody(Map<String, String> fields) {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }
}
