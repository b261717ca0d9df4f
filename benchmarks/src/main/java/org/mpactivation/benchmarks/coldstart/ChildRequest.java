package org.mpactivation.benchmarks.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mpactivation.aws.HttpApiEventJson;
import org.mpactivation.aws.local.HttpApiEmulation;
import org.mpactivation.benchmarks.coldstart.launch.FirstRequest;

/**
 * Turns the description of a run's first request ({@code {"method", "path", "query", "headers": {name: value},
 * "body", "iamCaller"}} for HTTP functions, {@code {"messageBody"}} for a queue message, {@code {"event"}} for a
 * scheduled event) into the variables the fresh JVM reads ({@link FirstRequest}), in the form its platform hands
 * the request over: the work of turning it into that form is API Gateway's or the worker's, done here in the
 * parent process, not billed to the function.
 */
final class ChildRequest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** API Gateway's source address for the benchmark's requests (a documentation address). */
    private static final String CLIENT_ADDRESS = "203.0.113.10";

    private ChildRequest() {
    }

    static Map<String, String> variables(ColdStartFunction function, String requestJson) {
        JsonNode request;
        try {
            request = JSON.readTree(requestJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> variables = new HashMap<>();
        if (function.cloud() == ColdStartFunction.Cloud.AZURE) {
            variables.put(FirstRequest.METHOD, request.path("method").asText("GET"));
            variables.put(FirstRequest.PATH, request.path("path").asText("/"));
            if (request.hasNonNull("query")) {
                variables.put(FirstRequest.QUERY, request.get("query").asText());
            }
            StringBuilder headers = new StringBuilder();
            request.path("headers").fields().forEachRemaining(header -> headers.append(header.getKey()).append(": ")
                    .append(header.getValue().asText()).append('\n'));
            variables.put(FirstRequest.HEADERS, headers.toString());
            variables.put(FirstRequest.BODY, request.path("body").asText(""));
        } else if (function.eventKind().equals("http")) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            request.path("headers").fields().forEachRemaining(header ->
                    headers.put(header.getKey(), List.of(header.getValue().asText())));
            byte[] event = HttpApiEventJson.of(HttpApiEmulation.toEvent(request.path("method").asText("GET"),
                    request.path("path").asText("/"), request.hasNonNull("query") ? request.get("query").asText() : null,
                    headers, CLIENT_ADDRESS, request.path("body").asText("").getBytes(StandardCharsets.UTF_8),
                    request.hasNonNull("iamCaller") ? request.get("iamCaller").asText() : null));
            variables.put(FirstRequest.EVENT, new String(event, StandardCharsets.UTF_8));
        } else {
            variables.put(FirstRequest.REQUEST, requestJson);
        }
        return variables;
    }
}
