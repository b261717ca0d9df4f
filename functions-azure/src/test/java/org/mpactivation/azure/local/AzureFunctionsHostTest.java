package org.mpactivation.azure.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A request's values handed to a function as the Functions host would, with the peer as Azure's front end adds it. */
class AzureFunctionsHostTest {

    @Test
    void givenARequestsValues_thenTheFunctionSeesThemAndThePeerIsAppendedToXForwardedFor() {
        HttpRequestMessage<?>[] seen = new HttpRequestMessage<?>[1];
        AzureFunctionsHost host = new AzureFunctionsHost("/mounted", (request, context) -> {
            seen[0] = request;
            return request.createResponseBuilder(HttpStatus.CREATED).header("X-Answer", "yes").body("made").build();
        });
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("localhost:8080"));
        headers.put("X-Forwarded-For", List.of("203.0.113.9"));

        AzureFunctionsHost.Answer answer = host.serve("POST", "/mounted/azure/landing", "token=a%2Bb", headers,
                "127.0.0.1", "body".getBytes(StandardCharsets.UTF_8));

        assertEquals(201, answer.status());
        assertEquals(Map.of("X-Answer", "yes"), answer.headers());
        assertEquals("made", new String(answer.body(), StandardCharsets.UTF_8));
        HttpRequestMessage<?> request = seen[0];
        assertEquals(URI.create("http://localhost:8080/azure/landing?token=a%2Bb"), request.getUri());
        assertEquals("203.0.113.9, 127.0.0.1", request.getHeaders().get("x-forwarded-for"),
                "what the caller sent, then the peer: the last entry is the one to trust");
        assertEquals(Optional.of("body"), request.getBody());
    }

    @Test
    void givenNoForwardedHeader_thenThePeerIsTheOnlyEntry() {
        HttpRequestMessage<?>[] seen = new HttpRequestMessage<?>[1];
        AzureFunctionsHost host = new AzureFunctionsHost("", (request, context) -> {
            seen[0] = request;
            return request.createResponseBuilder(HttpStatus.OK).build();
        });
        host.serve("GET", "/x", null, Map.of("host", List.of("localhost")), "192.0.2.5", new byte[0]);
        assertEquals("192.0.2.5", seen[0].getHeaders().get("x-forwarded-for"));
        assertEquals(Optional.empty(), seen[0].getBody());
    }
}
