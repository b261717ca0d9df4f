package org.mpactivation.aws.notify;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Loads the sample events under {@code src/test/resources/events/}. The Lambda runtime's own
 * serializer is not on the test class path; plain Jackson reads the {@code SQSEvent} shape through
 * its setters once property names match case-insensitively ({@code Records}, {@code eventSourceARN}).
 */
final class QueueEvents {

    static final String PRODUCT_CODE = "8f2kq0x7wz1mzp3bv9rn4tc6e";
    static final String BUYER_ACCOUNT = "444455556666";
    static final String LICENSE_ARN =
            "arn:aws:license-manager::111122223333:license:l-3f9a1c7e5b2d4068a1e9c3b7d5f20486";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private QueueEvents() {
    }

    static SQSEvent load(String name) {
        try (InputStream in = QueueEvents.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample event " + name);
            }
            return JSON.readValue(in, SQSEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SQSEvent.SQSMessage onlyRecord(String name) {
        List<SQSEvent.SQSMessage> records = load(name).getRecords();
        if (records.size() != 1) {
            throw new IllegalStateException(name + " holds " + records.size() + " records");
        }
        return records.get(0);
    }

    /** The record's body as a JSON tree, to read the ids the tests expect. */
    static JsonNode body(SQSEvent.SQSMessage record) {
        try {
            return JSON.readTree(record.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
