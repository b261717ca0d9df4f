package org.mpactivation.aws.artifacts;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.mpactivation.adapter.mail.Mailers;
import org.mpactivation.port.out.EmailMessage;

/**
 * Runs in a fresh JVM whose class path is one Lambda artifact and this class alone: constructs the handler
 * as the Lambda runtime does (its no-argument constructor, settings from the environment), then hands it
 * one sample event (the HTTP functions, stream handlers, get its JSON bytes as Lambda hands them over, and
 * their answer's status is read from the JSON they write). Every endpoint in the environment is unreachable, so the answer is usually an error;
 * any answer shows that the code the request reaches links against the artifact's libraries.
 *
 * <p>Prints {@code constructed} and then {@code answered <summary>}; exits with 1 on any failure. Uses
 * nothing but the JDK and what the artifact must contain: it is copied out of the test classes on its own.
 */
public final class HandlerProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory STREAMING = new JsonFactory();

    private HandlerProbe() {
    }

    public static void main(String[] args) throws Exception {
        String handlerClass = args[0];
        String sample = args[1];
        if (sample.equals("mail")) {
            sendMail();
            return;
        }
        if (sample.equals("sns-certificate")) {
            checkCertificateHost(Path.of(args[2]));
            return;
        }
        Object handler = Class.forName(handlerClass).getConstructor().newInstance();
        System.out.println("constructed " + handlerClass);
        runSnapStartHooks(handler);
        try {
            System.out.println("answered " + summary(invoke(handler, event(sample))));
        } catch (RuntimeException failed) {
            requireNoLinkageError(failed);
            System.out.println("answered by throwing " + failed.getClass().getName());
        }
    }

    /**
     * Runs the handler's SnapStart hooks as Lambda would around a snapshot, so that what priming reaches
     * links against this artifact too: a class the artifact lacks fails here (an Error is not skipped).
     */
    private static void runSnapStartHooks(Object handler) throws ReflectiveOperationException {
        for (java.lang.reflect.Field field : handler.getClass().getDeclaredFields()) {
            if (field.getType().getName().equals("org.mpactivation.aws.snapstart.HandlerPriming")) {
                field.setAccessible(true);
                org.crac.Resource priming = (org.crac.Resource) field.get(handler);
                try {
                    priming.beforeCheckpoint(null);
                    priming.afterRestore(null);
                } catch (Exception e) {
                    throw new IllegalStateException("the SnapStart hooks failed", e);
                }
                Object primed = priming.getClass().getMethod("primed").invoke(priming);
                System.out.println("primed " + primed);
                return;
            }
        }
        System.out.println("primed nothing: the handler holds no priming");
    }

    /**
     * As the runtime does: the bytes to a stream handler (its answer summed up as its status: this class is copied
     * on its own, so it has no nested classes), the event object to the others.
     */
    @SuppressWarnings("unchecked")
    private static Object invoke(Object handler, Object event) throws IOException {
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            stream.handleRequest(new ByteArrayInputStream((byte[]) event), output, null);
            return "status " + statusOf(output.toByteArray());
        }
        return ((RequestHandler<Object, Object>) handler).handleRequest(event, null);
    }

    private static Object event(String sample) {
        return switch (sample) {
            case "fulfillment" -> http("POST", "/aws/fulfillment", "application/x-www-form-urlencoded",
                    "x-amzn-marketplace-token=probe-token", null);
            case "activation" -> http("GET", "/activate/start", null, null, null);
            case "usage" -> http("POST", "/internal/usage", "application/json", usageRecords(),
                    "arn:aws:iam::111122223333:role/usage-reporter");
            case "sns-endpoint" -> http("POST", "/aws/sns", "text/plain; charset=UTF-8", unsignedSnsMessage(), null);
            case "queue" -> queue();
            case "schedule" -> Map.of("id", "probe-run", "detail-type", "Scheduled Event");
            default -> throw new IllegalArgumentException("unknown sample " + sample);
        };
    }

    /** The payload 2.0 event as API Gateway sends it, written with the streaming generator. */
    private static byte[] http(String method, String path, String contentType, String body, String iamCaller) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = STREAMING.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("version", "2.0");
            json.writeStringField("routeKey", "$default");
            json.writeStringField("rawPath", path);
            json.writeStringField("rawQueryString", "");
            json.writeObjectFieldStart("headers");
            json.writeStringField("host", "probe.example.com");
            if (contentType != null) {
                json.writeStringField("content-type", contentType);
            }
            json.writeEndObject();
            json.writeObjectFieldStart("requestContext");
            json.writeStringField("requestId", "probe-request");
            json.writeObjectFieldStart("http");
            json.writeStringField("method", method);
            json.writeStringField("path", path);
            json.writeStringField("sourceIp", "192.0.2.10");
            json.writeEndObject();
            if (iamCaller != null) {
                json.writeObjectFieldStart("authorizer");
                json.writeObjectFieldStart("iam");
                json.writeStringField("userArn", iamCaller);
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndObject();
            if (body != null) {
                json.writeStringField("body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
            }
            json.writeBooleanField("isBase64Encoded", body != null);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The {@code statusCode} of the payload 2.0 answer a stream handler wrote. */
    private static int statusOf(byte[] answer) throws IOException {
        try (JsonParser parser = STREAMING.createParser(answer)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("the answer is not a JSON object");
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
        throw new IllegalStateException("the answer has no statusCode");
    }

    private static String usageRecords() {
        ObjectNode record = JSON.createObjectNode().put("workspaceId", "w-probe").put("dimension", "api_calls")
                .put("quantity", 1).put("hour", Instant.now().truncatedTo(ChronoUnit.HOURS).toString())
                .put("recordId", "probe-1");
        ObjectNode body = JSON.createObjectNode();
        body.putArray("records").add(record);
        return body.toString();
    }

    private static String unsignedSnsMessage() {
        return JSON.createObjectNode().put("Type", "Notification").put("MessageId", "probe-message")
                .put("TopicArn", "arn:aws:sns:us-east-1:287250355862:aws-mp-subscription-notification-probe")
                .put("Message", "{}").put("Timestamp", "2026-01-01T00:00:00Z").put("SignatureVersion", "2")
                .put("Signature", "c2lnbmF0dXJl")
                .put("SigningCertURL", "https://attacker.example.com/SimpleNotificationService.pem")
                .toString();
    }

    /** An agreement event for the configured product: it parses, then the store (unreachable) refuses it. */
    private static SQSEvent queue() {
        ObjectNode event = JSON.createObjectNode().put("id", "probe-event").put("source", "aws.agreement-marketplace")
                .put("detail-type", "Purchase Agreement Created - Manufacturer").put("time", "2026-01-01T00:00:00Z");
        ObjectNode detail = event.putObject("detail");
        detail.putObject("agreement").put("id", "agmt-probe");
        detail.putObject("acceptor").put("accountId", "444455556666");
        detail.putObject("product").put("code", System.getenv("MARKETPLACE_PRODUCT_CODE"));
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("probe-message");
        message.setBody(event.toString());
        message.setEventSourceArn("arn:aws:sqs:us-east-1:111122223333:notifications");
        SQSEvent queue = new SQSEvent();
        queue.setRecords(List.of(message));
        return queue;
    }

    /** The configured mail transport, built the way the activation function builds it, sends one message. */
    private static void sendMail() {
        var mailer = Mailers.fromEnvironment(System.getenv());
        System.out.println("constructed " + mailer.getClass().getName());
        try {
            mailer.send(new EmailMessage("buyer@example.com", "probe", "probe"));
            System.out.println("answered sent");
        } catch (RuntimeException refused) {
            requireNoLinkageError(refused);
            System.out.println("answered " + refused.getClass().getName());
        }
    }

    /** An error answer is fine, unless somewhere inside it a class could not be found or linked. */
    private static void requireNoLinkageError(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof LinkageError) {
                throw failure;
            }
        }
    }

    /**
     * What SnsMessageManager asks of the Apache HttpClient classes the SNS endpoint's jar keeps: a signing
     * certificate issued to the regional SNS host passes, the same certificate for another region does not.
     */
    private static void checkCertificateHost(Path pem) throws Exception {
        X509Certificate certificate;
        try (var in = Files.newInputStream(pem)) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        var verifier = new DefaultHostnameVerifier();
        System.out.println("constructed " + verifier.getClass().getName());
        verifier.verify("sns.us-east-1.amazonaws.com", certificate);
        try {
            verifier.verify("sns.eu-west-1.amazonaws.com", certificate);
            throw new IllegalStateException("a certificate for another host was accepted");
        } catch (SSLException refused) {
            System.out.println("answered matching host accepted, other host refused");
        }
    }

    private static String summary(Object answer) {
        if (answer instanceof SQSBatchResponse batch) {
            return "failures " + batch.getBatchItemFailures().size();
        }
        return String.valueOf(answer);
    }
}
