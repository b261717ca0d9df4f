package org.mpactivation.testkit;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A buyer's browser: keeps cookies, submits forms as url-encoded posts, and follows 303s only when
 * asked, so that tests see each answer.
 */
public final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SUBMISSION = Pattern.compile("name=\"submissionId\" value=\"([^\"]+)\"");

    private final URI base;
    private final LocalhostCookieJar cookies = new LocalhostCookieJar();
    private final HttpClient client;
    private final HttpClient withoutCookies;
    private HttpResponse<String> last;

    public Browser(URI base) {
        this.base = base;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
        this.withoutCookies = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    public HttpResponse<String> post(String path, Map<String, String> fields) {
        return postRaw(path, "application/x-www-form-urlencoded", encode(fields));
    }

    public HttpResponse<String> postWithHeader(String path, Map<String, String> fields, String header, String value) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header(header, value).POST(HttpRequest.BodyPublishers.ofString(encode(fields))).build());
    }

    /**
     * Posts a form from another site, as a marketplace page does: a browser sends no SameSite=Lax
     * cookie with a cross-site POST, but keeps the cookies the answer sets (a top-level navigation).
     */
    public HttpResponse<String> postFromAnotherSite(String path, Map<String, String> fields, String origin) {
        URI target = base.resolve(path);
        HttpRequest request = HttpRequest.newBuilder(target).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", origin).header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields))).build();
        try {
            last = withoutCookies.send(request, HttpResponse.BodyHandlers.ofString());
            cookies.put(target, last.headers().map());
            return last;
        } catch (IOException e) {
            throw new AssertionError("request failed: " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public HttpResponse<String> postRaw(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Posts a form of the page at {@code path} the way a browser would: with the page's CSRF token. */
    public HttpResponse<String> submit(String pagePath, String action, Map<String, String> fields) {
        HttpResponse<String> page = get(pagePath);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("_csrf", match(CSRF, page.body(), "CSRF token"));
        Matcher submission = SUBMISSION.matcher(page.body());
        if (submission.find()) {
            all.put("submissionId", submission.group(1));
        }
        all.putAll(fields);
        return post(action, all);
    }

    /** The last answer. */
    /** The values of the cookies this browser holds now (for checks that they leak nowhere). */
    public java.util.List<String> cookieValues() {
        return cookies.values();
    }

    public HttpResponse<String> last() {
        return last;
    }

    /** GETs the Location of the last 303. */
    public HttpResponse<String> follow() {
        String location = last.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "no redirect; status " + last.statusCode()));
        return get(location);
    }

    public String csrfOf(String pagePath) {
        return match(CSRF, get(pagePath).body(), "CSRF token");
    }

    public String submissionIdOf(String pagePath) {
        return match(SUBMISSION, get(pagePath).body(), "submission id");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            last = client.send(request, HttpResponse.BodyHandlers.ofString());
            return last;
        } catch (IOException e) {
            throw new AssertionError("request failed: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static String encode(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return body.toString();
    }

    /**
     * The cookie jar of a browser: {@link CookieManager}'s, except that {@code http://localhost} and loopback
     * addresses count as secure origins, as browsers treat them: {@code Secure} cookies set there are kept and
     * sent back there (Java's manager sends them over HTTPS only).
     */
    private static final class LocalhostCookieJar extends CookieHandler {
        private final CookieManager cookies = new CookieManager();

        java.util.List<String> values() {
            return cookies.getCookieStore().getCookies().stream().map(java.net.HttpCookie::getValue).toList();
        }

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
            return cookies.get(asBrowserSeesIt(uri), requestHeaders);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
            cookies.put(asBrowserSeesIt(uri), responseHeaders);
        }

        private static URI asBrowserSeesIt(URI uri) {
            String host = uri.getHost();
            boolean loopback = host != null && (host.equalsIgnoreCase("localhost") || host.startsWith("127.")
                    || host.equals("[::1]") || host.equals("::1"));
            return loopback && "http".equalsIgnoreCase(uri.getScheme())
                    ? URI.create("https" + uri.toString().substring(4)) : uri;
        }
    }

    private static String match(Pattern pattern, String html, String what) {
        Matcher matcher = pattern.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("no " + what + " on the page:\n" + html);
        }
        return matcher.group(1).replace("&#61;", "=").replace("&amp;", "&");
    }
}
