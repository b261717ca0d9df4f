package org.mpactivation.benchmarks.coldstart.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first request, handed to the fresh JVM in environment variables in the form its platform hands it to a
 * function, so that the launcher bills the function for nothing the platform does not do in its process:
 * <ul>
 *   <li>an HTTP function on Lambda gets the payload 2.0 event's JSON bytes ({@value #EVENT}), as the runtime
 *       passes them to a stream handler, unparsed;</li>
 *   <li>a request handler on Lambda (queue, schedule) gets the event's JSON ({@value #REQUEST}), which the
 *       runtime maps onto objects with its own mapper: the launcher reads it as a tree, as that mapper would;</li>
 *   <li>an HTTP function on Azure gets the request's parts ({@value #METHOD}, {@value #PATH}, {@value #QUERY},
 *       {@value #HEADERS} one {@code name: value} per line, {@value #BODY}), as the Functions worker passes an
 *       {@code HttpRequestMessage} it has already read.</li>
 * </ul>
 * The parent process writes them (see {@code ChildRequest}); plain text needs no JSON parser here.
 */
public final class FirstRequest {

    /** The Lambda HTTP event's JSON. */
    public static final String EVENT = "COLDSTART_EVENT";
    /** A Lambda request handler's event, as JSON. */
    public static final String REQUEST = "COLDSTART_REQUEST";
    public static final String METHOD = "COLDSTART_METHOD";
    public static final String PATH = "COLDSTART_PATH";
    public static final String QUERY = "COLDSTART_QUERY";
    public static final String HEADERS = "COLDSTART_HEADERS";
    public static final String BODY = "COLDSTART_BODY";
    /** The line the launcher prints when the function has answered; the parent stops its clock at it. */
    public static final String ANSWER_PREFIX = "COLDSTART-ANSWERED";

    private FirstRequest() {
    }

    /** An HTTP request on Azure, as the worker hands it over. */
    record Http(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    }

    /** The Lambda HTTP event's bytes. */
    static byte[] lambdaEvent() {
        return required(EVENT).getBytes(StandardCharsets.UTF_8);
    }

    /** A Lambda request handler's event as a tree. */
    static JsonNode json() {
        try {
            return new ObjectMapper().readTree(required(REQUEST));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Azure HTTP request's parts. */
    static Http http() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line : System.getenv().getOrDefault(HEADERS, "").split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip(), List.of(line.substring(colon + 1).strip()));
            }
        }
        return new Http(System.getenv().getOrDefault(METHOD, "GET"), System.getenv().getOrDefault(PATH, "/"),
                System.getenv(QUERY), headers, System.getenv().getOrDefault(BODY, "").getBytes(StandardCharsets.UTF_8));
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null) {
            throw new IllegalStateException(variable + " is not set");
        }
        return value;
    }

    /**
     * Prints the answer line: the status, then when main started (wall clock, so the parent can tell JVM start-up
     * from the rest), how long building the handler took and how long the first request took.
     */
    static void answered(int status, long mainStartedAtMillis, long constructNanos, long invokeNanos) {
        System.out.println(ANSWER_PREFIX + " status=" + status + " mainAt=" + mainStartedAtMillis
                + " constructMicros=" + constructNanos / 1_000 + " invokeMicros=" + invokeNanos / 1_000);
        System.out.flush();
    }
}
