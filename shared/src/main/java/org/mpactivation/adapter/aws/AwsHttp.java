package org.mpactivation.adapter.aws;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * Sends one HTTP request and reads its whole answer. The production transport is
 * {@link UrlConnectionAwsHttp}; SnapStart priming and tests put a canned one in its place.
 */
@FunctionalInterface
public interface AwsHttp {

    /** @throws IOException when no answer could be had (refused, reset, timed out) */
    Response send(Request request) throws IOException;

    record Request(String method, URI uri, Map<String, String> headers, byte[] body) {
    }

    /** Header names in lower case. */
    record Response(int status, Map<String, String> headers, byte[] body) {

        public String header(String lowerCaseName) {
            return headers.get(lowerCaseName);
        }
    }
}
