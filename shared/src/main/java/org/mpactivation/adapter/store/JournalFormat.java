package org.mpactivation.adapter.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;

/**
 * The lines of a {@link JournaledItemStore} journal: UTF-8 JSON, one object per line, each line
 * ending in {@code \n} (JSON escapes every line break inside a value).
 *
 * <pre>
 * {"journal":"item-store","format":1}                                   first line, always
 * {"op":"put","pk":"…","sk":"…","v":3,"ttl":1893456000,"gsi1pk":"…","gsi1sk":"…","attrs":{"name":"Ada"}}
 * {"op":"delete","pk":"…","sk":"…","v":3}
 * </pre>
 *
 * A put line holds the whole stored item ({@code ttl}: expiry in epoch seconds, and the index key
 * are left out when absent); a delete line names the key and the version it deleted. Replaying
 * the lines in order, each put setting its key to the item and each delete removing it, gives the
 * store's state.
 */
final class JournalFormat {

    static final int FORMAT = 1;

    /** One line of the journal after the header. */
    sealed interface Line permits Put, Delete {
        ItemKey key();
    }

    record Put(Item item) implements Line {
        @Override
        public ItemKey key() {
            return item.key();
        }
    }

    record Delete(ItemKey key, long version) implements Line {
    }

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // characters beyond U+FFFF as UTF-8, not as escaped pairs; a lone surrogate is still escaped
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();
    private static final ObjectMapper READER = new ObjectMapper(JSON)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> HEADER_FIELDS = Set.of("journal", "format");
    private static final Set<String> PUT_FIELDS = Set.of("op", "pk", "sk", "v", "ttl", "gsi1pk", "gsi1sk", "attrs");
    private static final Set<String> DELETE_FIELDS = Set.of("op", "pk", "sk", "v");

    private JournalFormat() {
    }

    static byte[] header() {
        return line(json -> {
            json.writeStringField("journal", "item-store");
            json.writeNumberField("format", FORMAT);
        });
    }

    static byte[] put(Item item) {
        return line(json -> {
            json.writeStringField("op", "put");
            json.writeStringField("pk", item.key().pk());
            json.writeStringField("sk", item.key().sk());
            json.writeNumberField("v", item.version());
            if (item.expiresAt() != null) {
                json.writeNumberField("ttl", item.expiresAt().getEpochSecond());
            }
            if (item.index() != null) {
                json.writeStringField("gsi1pk", item.index().pk());
                json.writeStringField("gsi1sk", item.index().sk());
            }
            json.writeObjectFieldStart("attrs");
            // sorted, so that the same item is always the same line
            for (Map.Entry<String, String> attribute : new TreeMap<>(item.attributes()).entrySet()) {
                json.writeStringField(attribute.getKey(), attribute.getValue());
            }
            json.writeEndObject();
        });
    }

    static byte[] delete(ItemKey key, long version) {
        return line(json -> {
            json.writeStringField("op", "delete");
            json.writeStringField("pk", key.pk());
            json.writeStringField("sk", key.sk());
            json.writeNumberField("v", version);
        });
    }

    /**
     * Checks the first line.
     *
     * @throws IllegalArgumentException if it is not the header of a journal in this format
     */
    static void parseHeader(byte[] bytes, int length) {
        JsonNode node;
        try {
            node = object(bytes, length);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an item store journal (its first line is " + e.getMessage() + ")", e);
        }
        if (!"item-store".equals(node.path("journal").textValue())) {
            throw new IllegalArgumentException("not an item store journal (its first line is no journal header)");
        }
        onlyFields(node, HEADER_FIELDS);
        JsonNode format = node.get("format");
        if (format == null || !format.isIntegralNumber() || format.asLong() != FORMAT) {
            throw new IllegalArgumentException("journal format " + format + " is not the supported format " + FORMAT);
        }
    }

    /**
     * Reads one line after the header.
     *
     * @throws IllegalArgumentException if it is not a well-formed put or delete line
     */
    static Line parse(byte[] bytes, int length) {
        JsonNode node = object(bytes, length);
        String op = node.path("op").textValue();
        if ("put".equals(op)) {
            onlyFields(node, PUT_FIELDS);
            ItemKey key = new ItemKey(text(node, "pk"), text(node, "sk"));
            long version = number(node, "v");
            if (version < 1) {
                throw new IllegalArgumentException("a stored version is at least 1: " + version);
            }
            Instant expiresAt = node.has("ttl") ? Instant.ofEpochSecond(number(node, "ttl")) : null;
            IndexKey index = null;
            if (node.has("gsi1pk") || node.has("gsi1sk")) {
                index = new IndexKey(text(node, "gsi1pk"), text(node, "gsi1sk"));
            }
            JsonNode attrs = node.get("attrs");
            if (attrs == null || !attrs.isObject()) {
                throw new IllegalArgumentException("\"attrs\" is not an object");
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : attrs.properties()) {
                if (!field.getValue().isTextual()) {
                    throw new IllegalArgumentException("attribute " + field.getKey() + " is not a string");
                }
                attributes.put(field.getKey(), field.getValue().textValue());
            }
            return new Put(new Item(key, attributes, version, expiresAt, index));
        }
        if ("delete".equals(op)) {
            onlyFields(node, DELETE_FIELDS);
            return new Delete(new ItemKey(text(node, "pk"), text(node, "sk")), number(node, "v"));
        }
        throw new IllegalArgumentException("\"op\" is neither \"put\" nor \"delete\": " + node.get("op"));
    }

    private static JsonNode object(byte[] bytes, int length) {
        JsonNode node;
        try {
            node = READER.readTree(bytes, 0, length);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("not JSON: " + reason, e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return node;
    }

    private static void onlyFields(JsonNode node, Set<String> known) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown field \"" + name + "\"");
            }
        }
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("\"" + name + "\" is missing or not a string");
        }
        return value.textValue();
    }

    private static long number(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("\"" + name + "\" is missing or not a whole number");
        }
        return value.longValue();
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] line(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a journal line", e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
