package org.mpactivation.repository;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * A small JSON row of a stored item (the Azure purchase, the signed-in buyer), read with the streaming parser as
 * its top-level scalar fields: unknown fields are ignored (a newer build wrote them), a field given twice counts
 * once, with its last value, and a missing or null field reads as absent, as the object mapper read them.
 */
final class StoredRow {

    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, String> fields;

    private StoredRow(Map<String, String> fields) {
        this.fields = fields;
    }

    /** @throws IllegalStateException when the text is not one JSON object */
    static StoredRow parse(String json, String what) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("stored " + what + " unreadable: not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    fields.put(name, parser.getText());
                } else {
                    fields.remove(name);
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("stored " + what + " unreadable", e);
        }
        return new StoredRow(fields);
    }

    String text(String name) {
        return fields.get(name);
    }

    Integer integer(String name) {
        String text = fields.get(name);
        return text == null ? null : new BigDecimal(text).intValue();
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(fields.get(name));
    }
}
