package org.mpactivation.aws;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a payload 2.0 event as API Gateway sends it, for what stands in for API Gateway: the SnapStart
 * priming (which sends its requests through the same reading as Lambda's) and the local run. Fields that
 * are null are left out, as API Gateway leaves out what a request lacks.
 */
public final class HttpApiEventJson {

    private HttpApiEventJson() {
    }

    public static byte[] of(HttpApiEvent event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = HttpApiEvents.JSON.createGenerator(bytes)) {
            json.writeStartObject();
            writeText(json, "version", event.version());
            writeText(json, "routeKey", event.routeKey());
            writeText(json, "rawPath", event.rawPath());
            writeText(json, "rawQueryString", event.rawQueryString());
            HttpApiEvents.writeList(json, "cookies", event.cookies());
            HttpApiEvents.writeMap(json, "headers", event.headers());
            HttpApiEvents.writeMap(json, "queryStringParameters", event.queryStringParameters());
            if (event.requestContext() != null) {
                writeContext(json, event.requestContext());
            }
            writeText(json, "body", event.body());
            json.writeBooleanField("isBase64Encoded", event.isBase64Encoded());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeContext(JsonGenerator json, HttpApiEvent.RequestContext context) throws IOException {
        json.writeObjectFieldStart("requestContext");
        writeText(json, "requestId", context.requestId());
        writeText(json, "domainName", context.domainName());
        HttpApiEvent.Http http = context.http();
        if (http != null) {
            json.writeObjectFieldStart("http");
            writeText(json, "method", http.method());
            writeText(json, "path", http.path());
            writeText(json, "protocol", http.protocol());
            writeText(json, "sourceIp", http.sourceIp());
            writeText(json, "userAgent", http.userAgent());
            json.writeEndObject();
        }
        if (context.iamUserArn() != null) {
            json.writeObjectFieldStart("authorizer");
            json.writeObjectFieldStart("iam");
            json.writeStringField("userArn", context.iamUserArn());
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void writeText(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }
}
