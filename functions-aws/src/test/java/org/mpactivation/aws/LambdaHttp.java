package org.mpactivation.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Invokes the HTTP handlers as Lambda does a {@code RequestStreamHandler}, for tests written with the
 * aws-lambda-java-events classes: the event is serialized with a data-binding mapper (any field a test set,
 * null or not, reaches the handler as JSON), and the JSON the handler writes is read back into the response
 * class. The handlers themselves never see those classes.
 */
public final class LambdaHttp {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private LambdaHttp() {
    }

    /** @param event null stands for an invocation whose event is JSON {@code null} */
    public static APIGatewayV2HTTPResponse invoke(RequestStreamHandler handler, APIGatewayV2HTTPEvent event,
                                                  Context context) {
        return invoke(handler, json(event), context);
    }

    /** An event built by the local run's stand-in for API Gateway. */
    public static APIGatewayV2HTTPResponse invoke(RequestStreamHandler handler, HttpApiEvent event,
                                                  Context context) {
        return invoke(handler, HttpApiEventJson.of(event), context);
    }

    /** Raw bytes, as any caller of the function could send them. */
    public static APIGatewayV2HTTPResponse invoke(RequestStreamHandler handler, byte[] event, Context context) {
        try {
            return response(written(handler, event, context));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON the handler wrote for {@code event}. */
    public static byte[] written(RequestStreamHandler handler, byte[] event, Context context) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), output, context);
        return output.toByteArray();
    }

    /** The event as the handlers read it from the JSON of {@code event}. */
    public static HttpApiEvent event(APIGatewayV2HTTPEvent event) {
        return HttpApiEvents.read(new ByteArrayInputStream(json(event))).orThrow();
    }

    public static byte[] json(APIGatewayV2HTTPEvent event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static APIGatewayV2HTTPResponse response(byte[] json) throws IOException {
        return JSON.readValue(json, APIGatewayV2HTTPResponse.class);
    }
}
