package org.mpactivation.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
    /** A streaming read of one top-level field: no object mapper is built for it at cold start. */
    private static final JsonFactory JSON = new JsonFactory();

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
            String licenseArn = licenseArn(bytes);
            if (licenseArn != null) {
                sink.set(licenseArn);
            }
            return Optional.of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable ResolveCustomer response", e);
        }
    }

    /** The top-level {@code LicenseArn} when it is a string (the last one if repeated), else null. */
    static String licenseArn(byte[] json) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String found = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("LicenseArn".equals(name)) {
                    found = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return found;
        }
    }
}
