package org.mpactivation.benchmarks.coldstart.launch;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs one Lambda handler once, as the java21 runtime does: the class named in the template is loaded and
 * built with its no-argument constructor (which reads the environment), and only then is the event read (the
 * runtime asks for the next event after init) and the handler invoked with it: a {@link RequestStreamHandler}
 * (the HTTP functions) gets the event's JSON bytes, as the runtime hands them over unmapped, and its status is
 * read from the JSON it writes; a {@link RequestHandler} gets the event object.
 *
 * <p>Arguments: the event kind ({@code http}, {@code sqs} or {@code scheduled}) and the handler class.
 */
public final class AwsLauncher {

    private AwsLauncher() {
    }

    public static void main(String[] args) throws ReflectiveOperationException, IOException {
        long mainAt = System.currentTimeMillis();
        long start = System.nanoTime();
        Object handler = Class.forName(args[1]).getDeclaredConstructor().newInstance();
        long built = System.nanoTime();
        int status;
        long done;
        if (handler instanceof RequestStreamHandler stream) {
            byte[] answer = invokeStream(stream, args);
            done = System.nanoTime();
            status = statusCode(answer);
        } else {
            status = invoke(handler, args);
            done = System.nanoTime();
        }
        FirstRequest.answered(status, mainAt, built - start, done - built);
        System.exit(0);
    }

    /** The event's JSON in, as API Gateway sends it and the runtime passes it on; the answer's JSON out. */
    private static byte[] invokeStream(RequestStreamHandler handler, String[] args) throws IOException {
        if (!args[0].equals("http")) {
            throw new IllegalArgumentException("a stream handler takes the http events here, not " + args[0]);
        }
        byte[] event = FirstRequest.lambdaEvent();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), answer, new InvocationContext(args[1]));
        return answer.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static int invoke(Object handler, String[] args) {
        JsonNode request = FirstRequest.json();
        Object event = switch (args[0]) {
            case "sqs" -> queueEvent(request.path("messageBody").asText());
            case "scheduled" -> new ObjectMapper().convertValue(request.path("event"), Map.class);
            default -> throw new IllegalArgumentException("unknown event kind " + args[0] + " for a RequestHandler");
        };
        return status(((RequestHandler<Object, Object>) handler).handleRequest(event, new InvocationContext(args[1])));
    }

    /** The {@code statusCode} of a payload 2.0 answer, read with the streaming parser once the clock has stopped. */
    private static int statusCode(byte[] answer) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(answer)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the answer is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("statusCode")) {
                    return parser.getIntValue();
                }
                parser.skipChildren();
            }
        }
        throw new IOException("the answer has no statusCode");
    }

    private static SQSEvent queueEvent(String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setReceiptHandle("coldstart");
        message.setBody(body);
        message.setEventSource("aws:sqs");
        message.setEventSourceArn("arn:aws:sqs:us-east-1:123456789012:notifications");
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        message.setMd5OfBody(UUID.nameUUIDFromBytes(body.getBytes(StandardCharsets.UTF_8)).toString());
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    /** 200 for an event function that returned (its failures would have thrown), 500 for failed records. */
    private static int status(Object answer) {
        if (answer instanceof SQSBatchResponse batch && !batch.getBatchItemFailures().isEmpty()) {
            return 500;
        }
        return 200;
    }

    /** The invocation's context, with the values Lambda gives a 1024 MB function. */
    private record InvocationContext(String functionName) implements Context {

        @Override
        public String getAwsRequestId() {
            return UUID.randomUUID().toString();
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/coldstart";
        }

        @Override
        public String getLogStreamName() {
            return "coldstart";
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        @Override
        public String getFunctionVersion() {
            return "1";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:123456789012:function:coldstart";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.err.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.err.write(message, 0, message.length);
                }
            };
        }
    }
}
