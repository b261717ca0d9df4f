package org.mpactivation.aws.fuzz;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mpactivation.aws.HttpApiEvent;
import org.mpactivation.aws.LambdaHttp;
import org.mpactivation.aws.local.HttpApiEmulation;

/**
 * A browser in this process: each request becomes an API Gateway payload 2.0 event handed straight to
 * the handler that serves its path (no HTTP in between, so anything can be sent, even what an HTTP
 * client would refuse), and the cookies the answers set are kept and sent back.
 */
public final class LambdaClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SUBMISSION = Pattern.compile("name=\"submissionId\" value=\"([^\"]+)\"");

    private final Function<String, RequestStreamHandler> handlers;
    /** Each browser its own network address, as buyers have (the per-client code limits count by address). */
    private static final java.util.concurrent.atomic.AtomicInteger ADDRESSES = new java.util.concurrent.atomic.AtomicInteger();

    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final String sourceIp;
    private String iamCaller;

    LambdaClient(Function<String, RequestStreamHandler> handlers) {
        this.handlers = handlers;
        int n = ADDRESSES.incrementAndGet();
        this.sourceIp = "10." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    /** Sends the IAM authorizer's identity with each request, as an IAM-authorized route does. */
    public LambdaClient asIamCaller(String userArn) {
        this.iamCaller = userArn;
        return this;
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    public LambdaClient withCookies(Map<String, String> values) {
        cookies.clear();
        cookies.putAll(values);
        return this;
    }

    public APIGatewayV2HTTPResponse get(String path) {
        return send("GET", path, Map.of(), null);
    }

    public APIGatewayV2HTTPResponse post(String path, Map<String, String> fields) {
        return send("POST", path, Map.of("content-type", "application/x-www-form-urlencoded"), encode(fields));
    }

    public APIGatewayV2HTTPResponse send(String method, String pathAndQuery, Map<String, String> headers, String body) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? "" : pathAndQuery.substring(question + 1);
        // what API Gateway hands the function, built as the local run builds it
        Map<String, List<String>> allHeaders = new HashMap<>();
        headers.forEach((name, value) -> allHeaders.put(name, List.of(value)));
        allHeaders.putIfAbsent("host", List.of("activation.example.com"));
        List<String> cookieList = new ArrayList<>();
        cookies.forEach((name, value) -> cookieList.add(name + "=" + value));
        if (!cookieList.isEmpty()) {
            allHeaders.put("cookie", List.of(String.join("; ", cookieList)));
        }
        HttpApiEvent event = HttpApiEmulation.toEvent(method, path, query, allHeaders, sourceIp,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), iamCaller);
        APIGatewayV2HTTPResponse response = LambdaHttp.invoke(handlers.apply(path), event, null);
        keepCookies(response);
        return response;
    }

    /** The path the last 303 sends the browser to, fetched. */
    public APIGatewayV2HTTPResponse follow(APIGatewayV2HTTPResponse redirect) {
        String location = location(redirect);
        if (location == null) {
            throw new AssertionError("no redirect; status " + redirect.getStatusCode() + " " + redirect.getBody());
        }
        return get(location);
    }

    public static String location(APIGatewayV2HTTPResponse response) {
        return response.getHeaders() == null ? null : response.getHeaders().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Location")).map(Map.Entry::getValue).findFirst()
                .orElse(null);
    }

    /** The page's form fields a browser sends unseen: the CSRF token and the submission id if any. */
    public Map<String, String> hiddenFieldsOf(String pagePath) {
        APIGatewayV2HTTPResponse page = get(pagePath);
        Map<String, String> fields = new LinkedHashMap<>();
        String body = page.getBody() == null ? "" : page.getBody();
        Matcher csrf = CSRF.matcher(body);
        if (csrf.find()) {
            fields.put("_csrf", unescape(csrf.group(1)));
        }
        Matcher submission = SUBMISSION.matcher(body);
        if (submission.find()) {
            fields.put("submissionId", unescape(submission.group(1)));
        }
        return fields;
    }

    /** Posts the page's form with its hidden fields and these. */
    public APIGatewayV2HTTPResponse submit(String pagePath, String action, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(hiddenFieldsOf(pagePath));
        all.putAll(fields);
        return post(action, all);
    }

    private void keepCookies(APIGatewayV2HTTPResponse response) {
        if (response.getCookies() == null) {
            return;
        }
        for (String setCookie : response.getCookies()) {
            String pair = setCookie.split(";", 2)[0];
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String name = pair.substring(0, equals).strip();
            String value = pair.substring(equals + 1).strip();
            if (setCookie.toLowerCase().contains("max-age=0") || value.isEmpty()) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
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

    private static String unescape(String html) {
        return html.replace("&#61;", "=").replace("&amp;", "&").replace("&#43;", "+").replace("&#47;", "/");
    }
}
