package org.mpactivation.aws.notify;

import java.io.IOException;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The HTTP client SnsMessageManager fetches signing certificates with. It marks a fetch that failed
 * for a passing reason (network error, 5xx) with {@link SigningCertificateUnavailableException}, so
 * the endpoint can answer 500 and SNS retries, instead of 403, which SNS does not retry. A 4xx or a
 * certificate that does not check out stays a rejection.
 *
 * <p>Trust in the certificate rests on this fetch: the manager checks the URL (https, the regional
 * SNS host), the certificate's host name and validity, but not its chain. The delegate must
 * therefore verify TLS normally; never hand it a client that skips certificate checks.
 */
final class SigningCertificateClient implements SdkHttpClient {

    private final SdkHttpClient delegate;

    SigningCertificateClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest fetch = delegate.prepareRequest(request);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                HttpExecuteResponse response;
                try {
                    response = fetch.call();
                } catch (IOException | RuntimeException unreachable) {
                    throw new SigningCertificateUnavailableException(unreachable);
                }
                if (response.httpResponse().statusCode() >= 500) {
                    closeQuietly(response);
                    throw new SigningCertificateUnavailableException(null);
                }
                return response;
            }

            @Override
            public void abort() {
                fetch.abort();
            }
        };
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private static void closeQuietly(HttpExecuteResponse response) {
        response.responseBody().ifPresent(body -> {
            try {
                body.close();
            } catch (IOException ignored) {
                // the connection is discarded anyway
            }
        });
    }

    /** The signing certificate could not be fetched right now; the message may well be genuine. */
    static final class SigningCertificateUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SigningCertificateUnavailableException(Throwable cause) {
            super("SNS signing certificate unavailable", cause);
        }

        static boolean isCauseOf(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof SigningCertificateUnavailableException) {
                    return true;
                }
            }
            return false;
        }
    }
}
