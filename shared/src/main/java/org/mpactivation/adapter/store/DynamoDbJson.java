package org.mpactivation.adapter.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB's JSON for attribute values, written with a {@link JsonGenerator} and read with a
 * {@link JsonParser}: {@code {"S":"text"}}, {@code {"N":"42"}}, {@code {"B":"<base64>"}},
 * {@code {"BOOL":true}}, {@code {"NULL":true}}, {@code {"L":[...]}}, {@code {"M":{...}}}, and the sets
 * {@code SS}, {@code NS}, {@code BS}. Streaming on purpose: no tree model and no data binding is loaded at
 * a cold start for the store.
 */
public final class DynamoDbJson {

    /** Reads one member of an object; the parser stands on the member's value. */
    @FunctionalInterface
    public interface FieldReader {
        /** @return false to have the value skipped */
        boolean read(String name, JsonParser json) throws IOException;
    }

    /** A page of a Query or Scan: its items, and where the next page starts (null: this was the last). */
    public record Page(List<Map<String, DynamoDbValue>> items, Map<String, DynamoDbValue> lastEvaluatedKey) {
    }

    private DynamoDbJson() {
    }

    /** Writes {@code {"name": value, ...}}: an item, a key, or the expression values. */
    public static void writeMap(JsonGenerator json, Map<String, DynamoDbValue> values) throws IOException {
        json.writeStartObject();
        for (Map.Entry<String, DynamoDbValue> entry : values.entrySet()) {
            json.writeFieldName(entry.getKey());
            write(json, entry.getValue());
        }
        json.writeEndObject();
    }

    public static void write(JsonGenerator json, DynamoDbValue value) throws IOException {
        json.writeStartObject();
        if (value instanceof DynamoDbValue.S s) {
            json.writeStringField("S", s.value());
        } else if (value instanceof DynamoDbValue.N n) {
            json.writeStringField("N", n.value());
        } else if (value instanceof DynamoDbValue.B b) {
            json.writeFieldName("B");
            json.writeBinary(b.value());
        } else if (value instanceof DynamoDbValue.Bool bool) {
            json.writeBooleanField("BOOL", bool.value());
        } else if (value instanceof DynamoDbValue.Null) {
            json.writeBooleanField("NULL", true);
        } else if (value instanceof DynamoDbValue.L l) {
            json.writeArrayFieldStart("L");
            for (DynamoDbValue member : l.values()) {
                write(json, member);
            }
            json.writeEndArray();
        } else if (value instanceof DynamoDbValue.M m) {
            json.writeFieldName("M");
            writeMap(json, m.values());
        } else if (value instanceof DynamoDbValue.Ss ss) {
            writeStrings(json, "SS", ss.values());
        } else if (value instanceof DynamoDbValue.Ns ns) {
            writeStrings(json, "NS", ns.values());
        } else if (value instanceof DynamoDbValue.Bs bs) {
            json.writeArrayFieldStart("BS");
            for (byte[] member : bs.values()) {
                json.writeBinary(member);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void writeStrings(JsonGenerator json, String type, List<String> values) throws IOException {
        json.writeArrayFieldStart(type);
        for (String member : values) {
            json.writeString(member);
        }
        json.writeEndArray();
    }

    /**
     * Reads an object member by member; a member the reader leaves is skipped whole. The parser stands on
     * the object's start, or before it (a fresh parser); afterwards it stands on the object's end.
     */
    public static void readObject(JsonParser json, FieldReader reader) throws IOException {
        JsonToken start = json.currentToken() == null ? json.nextToken() : json.currentToken();
        if (start != JsonToken.START_OBJECT) {
            throw new JsonParseException(json, "expected an object, found " + start);
        }
        for (JsonToken token = json.nextToken(); token == JsonToken.FIELD_NAME; token = json.nextToken()) {
            String name = json.currentName();
            json.nextToken();
            if (!reader.read(name, json)) {
                json.skipChildren();
            }
        }
        if (json.currentToken() != JsonToken.END_OBJECT) {
            throw new JsonParseException(json, "an object ends without its closing brace");
        }
    }

    /** Reads {@code {"name": value, ...}}; the parser stands on the object's start. */
    public static Map<String, DynamoDbValue> readMap(JsonParser json) throws IOException {
        Map<String, DynamoDbValue> values = new LinkedHashMap<>();
        readObject(json, (name, parser) -> {
            values.put(name, read(parser));
            return true;
        });
        return values;
    }

    /** Reads {@code [{...}, ...]}, a list of items or keys; the parser stands on the array's start. */
    public static List<Map<String, DynamoDbValue>> readMaps(JsonParser json) throws IOException {
        expect(json, JsonToken.START_ARRAY);
        List<Map<String, DynamoDbValue>> maps = new ArrayList<>();
        for (JsonToken token = json.nextToken(); token == JsonToken.START_OBJECT; token = json.nextToken()) {
            maps.add(readMap(json));
        }
        expect(json, JsonToken.END_ARRAY);
        return maps;
    }

    /** Reads a Query's or Scan's answer: {@code Items} and {@code LastEvaluatedKey}. */
    public static Page readPage(JsonParser json) throws IOException {
        List<List<Map<String, DynamoDbValue>>> items = new ArrayList<>(1);
        List<Map<String, DynamoDbValue>> last = new ArrayList<>(1);
        readObject(json, (name, parser) -> switch (name) {
            case "Items" -> items.add(readMaps(parser));
            case "LastEvaluatedKey" -> last.add(readMap(parser));
            default -> false;
        });
        Map<String, DynamoDbValue> lastKey = last.isEmpty() || last.get(0).isEmpty() ? null : last.get(0);
        return new Page(items.isEmpty() ? List.of() : items.get(0), lastKey);
    }

    /** Reads one attribute value; the parser stands on its object's start. */
    public static DynamoDbValue read(JsonParser json) throws IOException {
        DynamoDbValue[] value = new DynamoDbValue[1];
        readObject(json, (type, parser) -> {
            if (value[0] != null) {
                return false;
            }
            value[0] = readTyped(type, parser);
            return true;
        });
        if (value[0] == null) {
            throw new JsonParseException(json, "an attribute value without a type");
        }
        return value[0];
    }

    private static DynamoDbValue readTyped(String type, JsonParser json) throws IOException {
        return switch (type) {
            case "S" -> new DynamoDbValue.S(text(json));
            case "N" -> new DynamoDbValue.N(text(json));
            case "B" -> new DynamoDbValue.B(binary(json));
            case "BOOL" -> new DynamoDbValue.Bool(bool(json));
            case "NULL" -> {
                bool(json);
                yield new DynamoDbValue.Null();
            }
            case "L" -> {
                expect(json, JsonToken.START_ARRAY);
                List<DynamoDbValue> members = new ArrayList<>();
                for (JsonToken token = json.nextToken(); token == JsonToken.START_OBJECT; token = json.nextToken()) {
                    members.add(read(json));
                }
                expect(json, JsonToken.END_ARRAY);
                yield new DynamoDbValue.L(members);
            }
            case "M" -> new DynamoDbValue.M(readMap(json));
            case "SS" -> new DynamoDbValue.Ss(texts(json));
            case "NS" -> new DynamoDbValue.Ns(texts(json));
            case "BS" -> {
                expect(json, JsonToken.START_ARRAY);
                List<byte[]> members = new ArrayList<>();
                for (JsonToken token = json.nextToken(); token == JsonToken.VALUE_STRING; token = json.nextToken()) {
                    members.add(json.getBinaryValue());
                }
                expect(json, JsonToken.END_ARRAY);
                yield new DynamoDbValue.Bs(members);
            }
            default -> throw new JsonParseException(json, "unknown attribute value type " + type);
        };
    }

    private static List<String> texts(JsonParser json) throws IOException {
        expect(json, JsonToken.START_ARRAY);
        List<String> members = new ArrayList<>();
        for (JsonToken token = json.nextToken(); token == JsonToken.VALUE_STRING; token = json.nextToken()) {
            members.add(json.getText());
        }
        expect(json, JsonToken.END_ARRAY);
        return members;
    }

    private static String text(JsonParser json) throws IOException {
        expect(json, JsonToken.VALUE_STRING);
        return json.getText();
    }

    private static byte[] binary(JsonParser json) throws IOException {
        expect(json, JsonToken.VALUE_STRING);
        return json.getBinaryValue();
    }

    private static boolean bool(JsonParser json) throws IOException {
        if (!json.currentToken().isBoolean()) {
            throw new JsonParseException(json, "expected true or false, found " + json.currentToken());
        }
        return json.getBooleanValue();
    }

    private static void expect(JsonParser json, JsonToken expected) throws IOException {
        if (json.currentToken() != expected) {
            throw new JsonParseException(json, "expected " + expected + ", found " + json.currentToken());
        }
    }
}
