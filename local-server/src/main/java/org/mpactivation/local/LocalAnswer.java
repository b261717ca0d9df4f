package org.mpactivation.local;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mpactivation.aws.local.HttpApiEmulation;
import org.mpactivation.azure.local.AzureFunctionsHost;
import org.mpactivation.web.WebResponse;

/**
 * What the local server answers to one request, whichever function or page made it: a status, the headers in
 * order (a name may repeat, as {@code Set-Cookie} does) and the body.
 */
public record LocalAnswer(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    public LocalAnswer {
        headers = List.copyOf(headers);
    }

    /** A short plain-text answer that says what the status means and nothing else. */
    public static LocalAnswer plain(int status) {
        return new LocalAnswer(status, List.of(Map.entry("Content-Type", "text/plain; charset=utf-8")),
                PlainErrors.message(status).getBytes(StandardCharsets.UTF_8));
    }

    public static LocalAnswer of(WebResponse response) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        response.headers().forEach((name, value) -> headers.add(Map.entry(name, value)));
        response.cookies().forEach(cookie -> headers.add(Map.entry("Set-Cookie", cookie)));
        return new LocalAnswer(response.status(), headers, response.bodyBytes());
    }

    /** A Lambda function's answer, as API Gateway turns it into HTTP (each cookie its own Set-Cookie). */
    public static LocalAnswer of(HttpApiEmulation.Answer response) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        response.headers().forEach((name, value) -> headers.add(Map.entry(name, value)));
        response.cookies().forEach(cookie -> headers.add(Map.entry("Set-Cookie", cookie)));
        return new LocalAnswer(response.statusCode(), headers, response.bodyBytes());
    }

    public static LocalAnswer of(AzureFunctionsHost.Answer answer) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        answer.headers().forEach((name, value) -> headers.add(Map.entry(name, value)));
        return new LocalAnswer(answer.status(), headers, answer.body());
    }

    /** The same answer with {@code Secure} on every cookie it sets that lacks it. */
    public LocalAnswer withSecureCookies() {
        List<Map.Entry<String, String>> secured = new ArrayList<>(headers.size());
        for (Map.Entry<String, String> header : headers) {
            boolean insecureCookie = header.getKey().equalsIgnoreCase("Set-Cookie") && java.util.Arrays
                    .stream(header.getValue().split(";")).skip(1)
                    .noneMatch(attribute -> attribute.strip().equalsIgnoreCase("Secure"));
            secured.add(insecureCookie ? Map.entry(header.getKey(), header.getValue() + "; Secure") : header);
        }
        return new LocalAnswer(status, secured, body);
    }

    public LocalAnswer withHeader(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new LocalAnswer(status, more, body);
    }
}
