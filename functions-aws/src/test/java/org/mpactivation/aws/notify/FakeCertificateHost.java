package org.mpactivation.aws.notify;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/** Stands in for the SNS host that serves signing certificates (and answers SubscribeURL visits). */
public final class FakeCertificateHost implements SdkHttpClient {

    public final List<URI> requested = new ArrayList<>();
    private String body = "";
    private int status = 200;
    private boolean unreachable;

    public FakeCertificateHost serving(String pem) {
        this.body = pem;
        return this;
    }

    FakeCertificateHost answering(int statusCode) {
        this.status = statusCode;
        return this;
    }

    FakeCertificateHost unreachable() {
        this.unreachable = true;
        return this;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                requested.add(request.httpRequest().getUri());
                if (unreachable) {
                    throw new IOException("connect timed out");
                }
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(status).build())
                        .responseBody(AbortableInputStream.create(
                                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public void close() {
    }
}
