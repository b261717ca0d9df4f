package org.mpactivation.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mpactivation.web.BadRequestException;
import org.mpactivation.web.WebResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the payload 2.0 event from the bytes Lambda hands a {@code RequestStreamHandler} and writes the
 * payload 2.0 response, with Jackson's streaming parser and generator only. The runtime would otherwise map
 * the event onto the aws-lambda-java-events classes with a data-binding mapper, a few hundred classes and
 * a good part of the first request's time at every cold start. Fields the functions do not read are
 * skipped unread; an event that is not JSON, not an object or larger than {@link #MAX_EVENT_BYTES} is
 * answered by the router's error page (400, or 413), never with the parser's text.
 */
public final class HttpApiEvents {

    /**
     * The most an event may take: more than any Lambda passes (API Gateway's bodies are at most 10 MB, base64
     * adds a third, Lambda's own limit is lower still). The routes' body limits are the router's, as before.
     */
    public static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiEvents.class);
    static final JsonFactory JSON = JsonFactory.builder()
            // the event's size decides (413), not the parser's own string limit, which it checks only roughly
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                    .maxStringLength(2 * MAX_EVENT_BYTES).build())
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private HttpApiEvents() {
    }

    /**
     * An invocation's event as read: the event (null where the invocation's JSON was {@code null}), or why it
     * could not be read.
     */
    public record Received(HttpApiEvent event, BadRequestException unreadable) {

        /** @throws BadRequestException where the event could not be read */
        public HttpApiEvent orThrow() {
            if (unreadable != null) {
                throw unreadable;
            }
            return event;
        }
    }

    /** Reads one event; never throws (an unreadable one is a {@link Received} with its refusal). */
    public static Received read(InputStream input) {
        try (JsonParser parser = JSON.createParser(new BoundedInput(input, MAX_EVENT_BYTES))) {
            JsonToken first = parser.nextToken();
            HttpApiEvent event = first == JsonToken.VALUE_NULL ? null : event(parser);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "more after the event");
            }
            return new Received(event, null);
        } catch (BoundedInput.TooLarge tooLarge) {
            LOG.warn("event refused: over {} bytes", MAX_EVENT_BYTES);
            return new Received(null, new BadRequestException(413, "error.request.tooLarge"));
        } catch (IOException | RuntimeException unreadable) {
            // the class only: the parser's message would quote the event
            LOG.warn("event not readable error={}", unreadable.getClass().getName());
            return new Received(null, new BadRequestException(400, "error.request.malformed"));
        }
    }

    /**
     * Writes the answer as API Gateway takes it: status, headers, the cookies in their own field (only when
     * there are some), the text body, not base64. The stream is flushed, not closed.
     */
    public static void write(WebResponse response, OutputStream output) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(output)) {
            json.writeStartObject();
            json.writeNumberField("statusCode", response.status());
            writeMap(json, "headers", response.headers());
            if (!response.cookies().isEmpty()) {
                writeList(json, "cookies", response.cookies());
            }
            json.writeStringField("body", response.body());
            json.writeBooleanField("isBase64Encoded", false);
            json.writeEndObject();
        }
    }

    private static HttpApiEvent event(JsonParser parser) throws IOException {
        requireObject(parser);
        String version = null;
        String routeKey = null;
        String rawPath = null;
        String rawQueryString = null;
        List<String> cookies = null;
        Map<String, String> headers = null;
        Map<String, String> queryStringParameters = null;
        HttpApiEvent.RequestContext requestContext = null;
        String body = null;
        boolean base64 = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "version" -> version = text(parser);
                case "routeKey" -> routeKey = text(parser);
                case "rawPath" -> rawPath = text(parser);
                case "rawQueryString" -> rawQueryString = text(parser);
                case "cookies" -> cookies = texts(parser);
                case "headers" -> headers = textMap(parser);
                case "queryStringParameters" -> queryStringParameters = textMap(parser);
                case "requestContext" -> requestContext = requestContext(parser);
                case "body" -> body = text(parser);
                case "isBase64Encoded" -> base64 = flag(parser);
                default -> parser.skipChildren();
            }
        }
        return new HttpApiEvent(version, routeKey, rawPath, rawQueryString, cookies, headers, queryStringParameters,
                requestContext, body, base64);
    }

    private static HttpApiEvent.RequestContext requestContext(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        requireObject(parser);
        String requestId = null;
        String domainName = null;
        HttpApiEvent.Http http = null;
        String iamUserArn = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "requestId" -> requestId = text(parser);
                case "domainName" -> domainName = text(parser);
                case "http" -> http = http(parser);
                case "authorizer" -> iamUserArn = iamUserArn(parser);
                default -> parser.skipChildren();
            }
        }
        return new HttpApiEvent.RequestContext(requestId, domainName, http, iamUserArn);
    }

    private static HttpApiEvent.Http http(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        requireObject(parser);
        Map<String, String> fields = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "method", "path", "protocol", "sourceIp", "userAgent" -> fields.put(field, text(parser));
                default -> parser.skipChildren();
            }
        }
        return new HttpApiEvent.Http(fields.get("method"), fields.get("path"), fields.get("protocol"),
                fields.get("sourceIp"), fields.get("userAgent"));
    }

    /** {@code authorizer.iam.userArn}: the caller where the route has IAM authorization; else null. */
    private static String iamUserArn(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        requireObject(parser);
        String userArn = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("iam") && parser.currentToken() != JsonToken.VALUE_NULL) {
                userArn = textField(parser, "userArn");
            } else {
                parser.skipChildren();
            }
        }
        return userArn;
    }

    /** The text of one field of the current object, the others skipped. */
    private static String textField(JsonParser parser, String wanted) throws IOException {
        requireObject(parser);
        String found = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals(wanted)) {
                found = text(parser);
            } else {
                parser.skipChildren();
            }
        }
        return found;
    }

    /** A string, or a number or boolean as its text (as a data-binding mapper would take it); null for null. */
    private static String text(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isScalarValue()) {
            throw new JsonParseException(parser, "a text was expected");
        }
        return parser.getText();
    }

    private static boolean flag(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            case VALUE_STRING -> Boolean.parseBoolean(parser.getText());
            default -> throw new JsonParseException(parser, "a boolean was expected");
        };
    }

    /** An array of texts (null elements left out), or null. */
    private static List<String> texts(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new JsonParseException(parser, "an array was expected");
        }
        List<String> texts = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String text = text(parser);
            if (text != null) {
                texts.add(text);
            }
        }
        return texts;
    }

    /** An object of texts (null values left out; an empty text kept), or null. */
    private static Map<String, String> textMap(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        requireObject(parser);
        Map<String, String> texts = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            String text = text(parser);
            if (text != null) {
                texts.put(name, text);
            }
        }
        return texts;
    }

    private static void requireObject(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new JsonParseException(parser, "an object was expected");
        }
    }

    static void writeList(JsonGenerator json, String field, List<String> values) throws IOException {
        if (values != null) {
            json.writeArrayFieldStart(field);
            for (String value : values) {
                json.writeString(value);
            }
            json.writeEndArray();
        }
    }

    static void writeMap(JsonGenerator json, String field, Map<String, String> values) throws IOException {
        if (values != null) {
            json.writeObjectFieldStart(field);
            for (Map.Entry<String, String> value : values.entrySet()) {
                json.writeStringField(value.getKey(), value.getValue());
            }
            json.writeEndObject();
        }
    }
}
