package org.mpactivation.simulator.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The AWS JSON 1.1 body format: reading request members with the service model's constraints (a violated
 * constraint answers {@code ValidationException}) and writing timestamps as epoch seconds.
 */
final class WireFormat {

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private WireFormat() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Parses a request body; anything but a JSON object answers {@code SerializationException}. */
    static ObjectNode parseObject(byte[] body) {
        if (body.length == 0) {
            return object();
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new RequestRejected(MarketplaceError.SERIALIZATION, "The request body is not valid JSON");
        }
        if (node == null || node.isMissingNode()) {
            return object();
        }
        if (!node.isObject()) {
            throw new RequestRejected(MarketplaceError.SERIALIZATION, "The request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An instant as AWS JSON writes timestamps by default: epoch seconds with millisecond fraction. */
    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    // ---- reading members ----

    static boolean present(JsonNode parent, String member) {
        JsonNode value = parent.get(member);
        return value != null && !value.isNull();
    }

    static String optionalString(JsonNode parent, String member, String path) {
        if (!present(parent, member)) {
            return null;
        }
        JsonNode value = parent.get(member);
        if (!value.isTextual()) {
            throw new RequestRejected(MarketplaceError.SERIALIZATION,
                    "Expected a string for '" + path + "'");
        }
        return value.textValue();
    }

    static String requiredString(JsonNode parent, String member, String path) {
        String value = optionalString(parent, member, path);
        if (value == null) {
            throw invalid(null, path, "Member must not be null");
        }
        return value;
    }

    static void checkLength(String value, String path, int min, int max) {
        if (value == null) {
            return;
        }
        int length = value.codePointCount(0, value.length());
        if (length < min) {
            throw invalid(value, path, "Member must have length greater than or equal to " + min);
        }
        if (length > max) {
            throw invalid(value, path, "Member must have length less than or equal to " + max);
        }
    }

    static void checkPattern(String value, String path, Pattern pattern) {
        if (value != null && !pattern.matcher(value).matches()) {
            throw invalid(value, path, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
    }

    static Integer optionalInteger(JsonNode parent, String member, String path, long min, long max) {
        if (!present(parent, member)) {
            return null;
        }
        JsonNode value = parent.get(member);
        if (!value.isNumber()) {
            throw new RequestRejected(MarketplaceError.SERIALIZATION, "Expected a number for '" + path + "'");
        }
        BigDecimal number = value.decimalValue();
        if (number.stripTrailingZeros().scale() > 0) {
            throw new RequestRejected(MarketplaceError.SERIALIZATION, "Expected an integer for '" + path + "'");
        }
        if (number.compareTo(BigDecimal.valueOf(min)) < 0) {
            throw invalid(number.toPlainString(), path, "Member must have value greater than or equal to " + min);
        }
        if (number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw invalid(number.toPlainString(), path, "Member must have value less than or equal to " + max);
        }
        return number.intValueExact();
    }

    /** A timestamp member: epoch seconds (number, the AWS JSON default) or, leniently, ISO-8601 text. */
    static Instant requiredInstant(JsonNode parent, String member, String path) {
        if (!present(parent, member)) {
            throw invalid(null, path, "Member must not be null");
        }
        JsonNode value = parent.get(member);
        try {
            if (value.isNumber()) {
                return fromEpochSeconds(value.decimalValue());
            }
            if (value.isTextual()) {
                String text = value.textValue().trim();
                try {
                    return fromEpochSeconds(new BigDecimal(text));
                } catch (NumberFormatException notANumber) {
                    return Instant.parse(text);
                }
            }
        } catch (ArithmeticException | DateTimeParseException e) {
            // fall through
        }
        throw new RequestRejected(MarketplaceError.SERIALIZATION, "Expected a timestamp for '" + path + "'");
    }

    private static Instant fromEpochSeconds(BigDecimal seconds) {
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        int nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_UP).intValueExact();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    static RequestRejected invalid(String value, String path, String constraint) {
        String shown = value == null ? "null" : "'" + abbreviate(value) + "'";
        return new RequestRejected(MarketplaceError.VALIDATION,
                "1 validation error detected: Value " + shown + " at '" + path
                        + "' failed to satisfy constraint: " + constraint);
    }

    static RequestRejected invalid(String message) {
        return new RequestRejected(MarketplaceError.VALIDATION, message);
    }

    private static String abbreviate(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }
}
