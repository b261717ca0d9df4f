package org.mpactivation.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One HTTP response: status, headers, Set-Cookie values and a text body. */
public record WebResponse(int status, Map<String, String> headers, List<String> cookies, String body) {

    public WebResponse {
        headers = Map.copyOf(headers);
        cookies = List.copyOf(cookies);
        body = body == null ? "" : body;
    }

    public static WebResponse html(int status, String html) {
        return new WebResponse(status, Map.of("Content-Type", "text/html; charset=utf-8"), List.of(), html);
    }

    public static WebResponse text(int status, String contentType, String body) {
        return new WebResponse(status, Map.of("Content-Type", contentType), List.of(), body);
    }

    /** 303 See Other: after a form POST the browser GETs the next page. */
    public static WebResponse seeOther(String location) {
        return new WebResponse(303, Map.of("Location", location), List.of(), "");
    }

    public WebResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new WebResponse(status, copy, cookies, body);
    }

    public WebResponse withCookie(String setCookie) {
        List<String> copy = new ArrayList<>(cookies);
        copy.add(setCookie);
        return new WebResponse(status, headers, copy, body);
    }

    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
