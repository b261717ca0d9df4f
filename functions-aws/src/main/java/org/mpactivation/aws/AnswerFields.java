package org.mpactivation.aws;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Reading the fields of an AWS JSON answer with the streaming parser, as leniently as the SDK's
 * unmarshallers: a field of another type than the model's, or null, reads as absent (and its value is
 * skipped whole), so an answer that grows new or changed fields never breaks a call.
 */
public final class AnswerFields {

    private AnswerFields() {
    }

    /** The current value when it is a string, else null; the parser stands on the value's token. */
    public static String text(JsonParser json) throws IOException {
        if (json.currentToken() == JsonToken.VALUE_STRING) {
            return json.getText();
        }
        json.skipChildren();
        return null;
    }

    /** The current value when it is a whole number within {@code int}, else null. */
    public static Integer integer(JsonParser json) throws IOException {
        if (json.currentToken() == JsonToken.VALUE_NUMBER_INT && json.getNumberType() == JsonParser.NumberType.INT) {
            return json.getIntValue();
        }
        json.skipChildren();
        return null;
    }

    /** The current value when it is a number, else null. */
    public static Double decimal(JsonParser json) throws IOException {
        if (json.currentToken().isNumeric()) {
            return json.getDoubleValue();
        }
        json.skipChildren();
        return null;
    }

    /** The current value when it is true or false, else null. */
    public static Boolean bool(JsonParser json) throws IOException {
        if (json.currentToken().isBoolean()) {
            return json.getBooleanValue();
        }
        json.skipChildren();
        return null;
    }

    /**
     * A timestamp as AWS JSON writes it: seconds since the epoch, a number with up to millisecond decimals;
     * null for any other value.
     */
    public static Instant epochSeconds(JsonParser json) throws IOException {
        if (!json.currentToken().isNumeric()) {
            json.skipChildren();
            return null;
        }
        BigDecimal seconds = json.getDecimalValue();
        long millis = seconds.movePointRight(3).setScale(0, java.math.RoundingMode.DOWN).longValueExact();
        return Instant.ofEpochMilli(millis);
    }

    /**
     * Moves to the first field of the object the parser stands before (or on); false when the value is
     * not an object, which is then skipped.
     */
    public static boolean enterObject(JsonParser json) throws IOException {
        JsonToken token = json.currentToken() == null ? json.nextToken() : json.currentToken();
        if (token == JsonToken.START_OBJECT) {
            return true;
        }
        if (token != null) {
            json.skipChildren();
        }
        return false;
    }

    /** Whether the current value is an array (else it is skipped). */
    public static boolean isArray(JsonParser json) throws IOException {
        if (json.currentToken() == JsonToken.START_ARRAY) {
            return true;
        }
        json.skipChildren();
        return false;
    }
}
