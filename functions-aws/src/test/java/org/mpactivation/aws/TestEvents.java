package org.mpactivation.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Loads the real event JSON kept in {@code src/test/resources/events/}. */
final class TestEvents {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private TestEvents() {
    }

    static APIGatewayV2HTTPEvent httpEvent(String name) {
        return read(name, APIGatewayV2HTTPEvent.class);
    }

    static Map<String, Object> scheduledEvent(String name) {
        try (InputStream in = stream(name)) {
            return JSON.readValue(in, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(String name, Class<T> type) {
        try (InputStream in = stream(name)) {
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream stream(String name) {
        InputStream in = TestEvents.class.getResourceAsStream("/events/" + name);
        if (in == null) {
            throw new IllegalArgumentException("no test event " + name);
        }
        return in;
    }
}
