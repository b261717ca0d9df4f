package org.mpactivation.aws.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Visits the SubscribeURL with a plain GET, as SNS documents for HTTPS subscriptions. */
public final class HttpSubscriptionConfirmer implements SubscriptionConfirmer {

    private final SdkHttpClient http;

    public HttpSubscriptionConfirmer(SdkHttpClient http) {
        this.http = http;
    }

    @Override
    public void confirm(URI subscribeUrl) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(subscribeUrl).build();
        try {
            HttpExecuteResponse response = http.prepareRequest(
                    HttpExecuteRequest.builder().request(request).build()).call();
            try (InputStream body = response.responseBody().orElse(null)) {
                if (body != null) {
                    body.transferTo(OutputStream.nullOutputStream());
                }
            }
            if (!response.httpResponse().isSuccessful()) {
                throw new IllegalStateException("SNS answered the confirmation with "
                        + response.httpResponse().statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("SNS subscription confirmation failed", e);
        }
    }
}
