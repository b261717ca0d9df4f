package org.mpactivation.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Reads {@code LicenseArn} from the raw ResolveCustomer answer. AWS returns it for newer products,
 * but the Metering client available here (2.41.x) does not model the field yet, so the SDK would
 * drop it. Only calls that ask for it (by setting {@link #SINK}) are read; the body is passed on
 * unchanged.
 */
final class LicenseArnCapture implements ExecutionInterceptor {

    static final ExecutionAttribute<AtomicReference<String>> SINK = new ExecutionAttribute<>("LicenseArnSink");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        AtomicReference<String> sink = attributes.getAttribute(SINK);
        Optional<InputStream> body = context.responseBody();
        if (sink == null || body.isEmpty() || !context.httpResponse().isSuccessful()) {
            return body;
        }
        try {
            byte[] bytes = body.get().readAllBytes();
            JsonNode licenseArn = JSON.readTree(bytes).get("LicenseArn");
            if (licenseArn != null && licenseArn.isTextual()) {
                sink.set(licenseArn.asText());
            }
            return Optional.of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable ResolveCustomer response", e);
        }
    }
}
