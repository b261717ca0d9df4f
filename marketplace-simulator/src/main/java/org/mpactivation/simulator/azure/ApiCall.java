package org.mpactivation.simulator.azure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A routed call: which API, the path's subscription and operation ids (null where the path has none), the query
 * parameters, the request headers the handlers read, and the body.
 */
record ApiCall(AzureApi api, String subscriptionId, String operationId, Map<String, String> query,
        String marketplaceToken, ObjectNode body) {
}
