package org.mpactivation.simulator.azure;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** An answer to write: status, JSON body (null for none) and extra headers. */
record ApiResponse(int status, JsonNode body, Map<String, String> headers) {

    ApiResponse {
        headers = Map.copyOf(headers);
    }

    static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body, Map.of());
    }
}
