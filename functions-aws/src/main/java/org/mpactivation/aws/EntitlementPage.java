package org.mpactivation.aws;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mpactivation.domain.Entitlement;

/**
 * One page of GetEntitlements' answer: each entitlement's dimension, its value as text (the first of
 * {@code IntegerValue}, {@code DoubleValue}, {@code BooleanValue}, {@code StringValue} that is set, written
 * as the SDK's boxed values printed them; empty when none is) and its expiration (epoch seconds), and the
 * token of the next page. Fields the model does not know are skipped.
 */
final class EntitlementPage {

    final List<Entitlement> entitlements = new ArrayList<>();
    String nextToken;

    static EntitlementPage read(JsonParser json) throws IOException {
        EntitlementPage page = new EntitlementPage();
        if (!AnswerFields.enterObject(json)) {
            return page;
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            if ("NextToken".equals(name)) {
                page.nextToken = AnswerFields.text(json);
            } else if ("Entitlements".equals(name) && AnswerFields.isArray(json)) {
                for (JsonToken item = json.nextToken(); item != JsonToken.END_ARRAY && item != null;
                        item = json.nextToken()) {
                    Entitlement entitlement = entitlement(json);
                    if (entitlement != null) {
                        page.entitlements.add(entitlement);
                    }
                }
            } else {
                json.skipChildren();
            }
        }
        return page;
    }

    /** Null for an array element that is not an object (the SDK would have failed on it; nothing to read). */
    private static Entitlement entitlement(JsonParser json) throws IOException {
        if (!AnswerFields.enterObject(json)) {
            return null;
        }
        String dimension = null;
        String value = "";
        Instant expiration = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            switch (name) {
                case "Dimension" -> dimension = AnswerFields.text(json);
                case "Value" -> value = valueText(json);
                case "ExpirationDate" -> expiration = AnswerFields.epochSeconds(json);
                default -> json.skipChildren();
            }
        }
        return new Entitlement(dimension, value, expiration);
    }

    private static String valueText(JsonParser json) throws IOException {
        Integer integer = null;
        Double decimal = null;
        Boolean bool = null;
        String text = null;
        if (!AnswerFields.enterObject(json)) {
            return "";
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            switch (name) {
                case "IntegerValue" -> integer = AnswerFields.integer(json);
                case "DoubleValue" -> decimal = AnswerFields.decimal(json);
                case "BooleanValue" -> bool = AnswerFields.bool(json);
                case "StringValue" -> text = AnswerFields.text(json);
                default -> json.skipChildren();
            }
        }
        if (integer != null) {
            return integer.toString();
        }
        if (decimal != null) {
            return decimal.toString();
        }
        if (bool != null) {
            return bool.toString();
        }
        return text == null ? "" : text;
    }
}
