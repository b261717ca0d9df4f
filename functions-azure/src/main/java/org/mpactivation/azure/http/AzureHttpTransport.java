package org.mpactivation.azure.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP exchange with Microsoft's services (Entra ID, the SaaS Fulfillment and Metering APIs) or a stand-in
 * of them: every Azure adapter sends through this, so the process has one HTTP stack (the JDK's
 * {@code HttpURLConnection}, which the store client uses too) and tests can put a recording or failing
 * transport in its place.
 *
 * <p>Implementations follow no redirect, answer every status (an error status is an answer, with its body),
 * and throw {@link IOException} only when no answer came: unreachable, timed out, or a body above the limit.
 */
public interface AzureHttpTransport {

    /**
     * Sends one request and reads the whole answer.
     *
     * @param headers sent as given; they may hold secrets and are never logged here
     * @param body    the request body, or null for none
     */
    HttpAnswer send(String method, URI uri, Map<String, String> headers, byte[] body) throws IOException;

    /**
     * The JDK's {@code HttpURLConnection} with these timeouts, reading at most {@code maxBodyBytes} of an
     * answer.
     *
     * @param readTimeout the longest wait for the answer's next bytes (the first ones included)
     */
    static AzureHttpTransport urlConnection(Duration connectTimeout, Duration readTimeout, int maxBodyBytes) {
        return new UrlConnectionTransport(connectTimeout, readTimeout, maxBodyBytes);
    }
}
