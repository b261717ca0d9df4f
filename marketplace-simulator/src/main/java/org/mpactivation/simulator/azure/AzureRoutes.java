package org.mpactivation.simulator.azure;

import java.util.Optional;

/** Maps a method and a path below the base path to the API it calls. */
final class AzureRoutes {

    /** A matched route; {@code api} is null when the path exists but not with this method (405). */
    record Match(AzureApi api, String subscriptionId, String operationId) {
    }

    private AzureRoutes() {
    }

    static Optional<Match> match(String method, String relativePath) {
        String[] parts = relativePath.replaceAll("^/+|/+$", "").split("/", -1);
        if (parts.length == 1) {
            return switch (parts[0]) {
                case "usageEvent" -> Optional.of(only(method, "POST", AzureApi.USAGE_EVENT, null, null));
                case "batchUsageEvent" -> Optional.of(only(method, "POST", AzureApi.BATCH_USAGE_EVENT, null, null));
                default -> Optional.empty();
            };
        }
        if (parts.length < 2 || !"saas".equals(parts[0]) || !"subscriptions".equals(parts[1])) {
            return Optional.empty();
        }
        return switch (parts.length) {
            case 2 -> Optional.of(only(method, "GET", AzureApi.LIST_SUBSCRIPTIONS, null, null));
            case 3 -> Optional.of(subscription(method, parts[2]));
            case 4 -> fourParts(method, parts[2], parts[3]);
            case 5 -> "operations".equals(parts[3]) ? Optional.of(operation(method, parts[2], parts[4]))
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Match subscription(String method, String id) {
        if ("resolve".equals(id)) {
            return only(method, "POST", AzureApi.RESOLVE, null, null);
        }
        AzureApi api = switch (method) {
            case "GET" -> AzureApi.GET_SUBSCRIPTION;
            case "PATCH" -> AzureApi.UPDATE_SUBSCRIPTION;
            case "DELETE" -> AzureApi.DELETE_SUBSCRIPTION;
            default -> null;
        };
        return new Match(api, id, null);
    }

    private static Optional<Match> fourParts(String method, String id, String action) {
        return switch (action) {
            case "activate" -> Optional.of(only(method, "POST", AzureApi.ACTIVATE, id, null));
            case "listAvailablePlans" -> Optional.of(only(method, "GET", AzureApi.LIST_AVAILABLE_PLANS, id, null));
            case "operations" -> Optional.of(only(method, "GET", AzureApi.LIST_OPERATIONS, id, null));
            default -> Optional.empty();
        };
    }

    private static Match operation(String method, String id, String operationId) {
        AzureApi api = switch (method) {
            case "GET" -> AzureApi.GET_OPERATION;
            case "PATCH" -> AzureApi.UPDATE_OPERATION;
            default -> null;
        };
        return new Match(api, id, operationId);
    }

    private static Match only(String method, String expected, AzureApi api, String id, String operationId) {
        return new Match(expected.equals(method) ? api : null, id, operationId);
    }
}
