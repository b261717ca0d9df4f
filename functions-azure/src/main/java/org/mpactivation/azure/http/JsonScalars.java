package org.mpactivation.azure.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.config.JsonFields;

/**
 * The top-level text and number fields of a small JSON object (a token endpoint's answer, a discovery
 * document), read with Jackson's streaming parser: no object mapper and no tree on a function's start path.
 * Nested objects and arrays are skipped; {@code null} values are left out.
 */
public final class JsonScalars {

    private JsonScalars() {
    }

    /**
     * The fields by name, each as its text ({@code 3599} and {@code "3599"} alike); empty when the body is JSON
     * but no object.
     *
     * @throws IOException when the body is not JSON
     */
    public static Optional<Map<String, String>> of(byte[] body) throws IOException {
        try (JsonParser parser = JsonFields.parser(new String(body, StandardCharsets.UTF_8))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Map<String, String> fields = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == null) {
                    throw new IOException("the JSON object does not end");
                }
                if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    fields.put(name, parser.getText());
                } else {
                    fields.remove(name);
                    parser.skipChildren();
                }
            }
            return Optional.of(fields);
        }
    }
}
