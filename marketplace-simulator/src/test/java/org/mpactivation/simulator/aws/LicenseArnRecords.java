package org.mpactivation.simulator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Gives BatchMeterUsage requests the newer wire shape that the pinned SDK model cannot express: a
 * {@code LicenseArn} on the usage records (taken, in order, from {@link #licenses}) and, if asked, no
 * request-level {@code ProductCode}. It edits the body before the SDK signs and sends it, so the request
 * still goes through the real client's signing, transport and error handling.
 */
final class LicenseArnRecords implements ExecutionInterceptor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutionAttribute<byte[]> NEW_BODY = new ExecutionAttribute<>("LicenseArnRecords.body");

    /** The LicenseArn of each usage record in turn (null leaves that record alone). */
    final List<String> licenses = new CopyOnWriteArrayList<>();
    volatile boolean dropProductCode;

    @Override
    public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        String target = context.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        if (!target.endsWith(".BatchMeterUsage") || context.requestBody().isEmpty()
                || (licenses.isEmpty() && !dropProductCode)) {
            return context.requestBody();
        }
        byte[] body = rewrite(context.requestBody().get());
        attributes.putAttribute(NEW_BODY, body);
        return Optional.of(RequestBody.fromBytes(body));
    }

    /** Called after {@link #modifyHttpContent} by the SDK: the headers must describe the new body. */
    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        byte[] body = attributes.getAttribute(NEW_BODY);
        SdkHttpRequest request = context.httpRequest();
        if (body == null) {
            return request;
        }
        if (request instanceof SdkHttpFullRequest full) {
            return full.toBuilder()
                    .contentStreamProvider(() -> new ByteArrayInputStream(body))
                    .putHeader("Content-Length", Integer.toString(body.length))
                    .build();
        }
        return request.toBuilder().putHeader("Content-Length", Integer.toString(body.length)).build();
    }

    private byte[] rewrite(RequestBody original) {
        try (InputStream in = original.contentStreamProvider().newStream()) {
            ObjectNode request = (ObjectNode) JSON.readTree(in);
            if (dropProductCode) {
                request.remove("ProductCode");
            }
            int index = 0;
            for (JsonNode record : request.withArray("UsageRecords")) {
                if (index < licenses.size() && licenses.get(index) != null) {
                    ((ObjectNode) record).put("LicenseArn", licenses.get(index));
                }
                index++;
            }
            return JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
