package org.mpactivation.aws.snapstart;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.mpactivation.adapter.aws.AwsHttp;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client for priming that never opens a socket: it reads the request the SDK (or the light
 * {@link org.mpactivation.adapter.aws.AwsJsonClient}) marshalled and signed, and answers the operation (named
 * by {@code X-Amz-Target}, or SES's path) with a small, valid response, so that the client's unmarshalling
 * runs too. Only ever given to throwaway clients.
 */
final class CannedAwsHttp implements SdkHttpClient, AwsHttp {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String CUSTOMER = "snapstart-priming";
    static final String ACCOUNT = "123456789012";

    private final String productCode;
    private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();

    CannedAwsHttp(String productCode) {
        this.productCode = productCode;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return answer(request);
            }

            @Override
            public void abort() {
                // nothing is in flight
            }
        };
    }

    /** The light clients' side: the same answers, without a stream to drain. */
    @Override
    public AwsHttp.Response send(AwsHttp.Request request) {
        String target = request.headers().getOrDefault("X-Amz-Target",
                request.method() + " " + request.uri().getRawPath());
        String operation = count(target);
        byte[] body = body(operation).toString().getBytes(StandardCharsets.UTF_8);
        return new AwsHttp.Response(200, Map.of("content-type", contentType(target),
                "x-amzn-requestid", "snapstart-priming"), body);
    }

    /** The calls answered, by operation. */
    Map<String, Integer> answered() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        answered.forEach((operation, count) -> counts.put(operation, count.get()));
        return counts;
    }

    int total() {
        return answered.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private HttpExecuteResponse answer(HttpExecuteRequest request) {
        request.contentStreamProvider().ifPresent(body -> {
            try (InputStream in = body.newStream()) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target")
                .orElse(request.httpRequest().method() + " " + request.httpRequest().encodedPath());
        String operation = count(target);
        byte[] body = body(operation).toString().getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(200)
                        .putHeader("Content-Type", contentType(target))
                        .putHeader("Content-Length", Integer.toString(body.length))
                        .putHeader("x-amzn-RequestId", "snapstart-priming")
                        .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                .build();
    }

    private String count(String target) {
        String operation = target.substring(target.indexOf('.') + 1);
        answered.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
        return operation;
    }

    private static String contentType(String target) {
        return target.startsWith("DynamoDB") ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
    }

    private ObjectNode body(String operation) {
        ObjectNode body = JSON.objectNode();
        switch (operation) {
            case "GetItem" -> body.set("Item", item());
            case "Query" -> {
                body.putArray("Items").add(item());
                body.put("Count", 1).put("ScannedCount", 1);
            }
            case "ResolveCustomer" -> body.put("CustomerIdentifier", CUSTOMER).put("CustomerAWSAccountId", ACCOUNT)
                    .put("ProductCode", productCode)
                    .put("LicenseArn", "arn:aws:license-manager::" + ACCOUNT + ":license:l-snapstartpriming");
            case "GetEntitlements" -> {
                ObjectNode entitlement = body.putArray("Entitlements").addObject();
                entitlement.put("ProductCode", productCode).put("Dimension", "priming")
                        .put("CustomerIdentifier", CUSTOMER).put("CustomerAWSAccountId", ACCOUNT)
                        .put("ExpirationDate", 4_102_444_800L).putObject("Value").put("IntegerValue", 1);
            }
            case "BatchMeterUsage" -> {
                ArrayNode results = body.putArray("Results");
                results.addObject().put("MeteringRecordId", "snapstart-priming").put("Status", "Success")
                        .putObject("UsageRecord").put("Timestamp", 1_700_000_000L).put("CustomerIdentifier", CUSTOMER)
                        .put("Dimension", "priming").put("Quantity", 1);
                body.putArray("UnprocessedRecords");
            }
            default -> {
                if (operation.contains("outbound-emails")) {
                    body.put("MessageId", "snapstart-priming");
                }
            }
        }
        return body;
    }

    private static ObjectNode item() {
        ObjectNode item = JSON.objectNode();
        item.putObject("pk").put("S", "PRIMING#snapstart");
        item.putObject("sk").put("S", "PRIMING");
        item.putObject("v").put("N", "1");
        item.putObject("status").put("S", "primed");
        return item;
    }

    @Override
    public String clientName() {
        return "SnapStartPriming";
    }

    @Override
    public void close() {
        // holds nothing
    }
}
