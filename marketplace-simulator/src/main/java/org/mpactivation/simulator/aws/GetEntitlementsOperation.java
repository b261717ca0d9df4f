package org.mpactivation.simulator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code AWSMPEntitlementService.GetEntitlements}: the live entitlements of a product, filtered (values of
 * one filter are unioned, filters are intersected) and paginated with MaxResults / NextToken.
 */
final class GetEntitlementsOperation {

    static final String CUSTOMER_IDENTIFIER = "CUSTOMER_IDENTIFIER";
    static final String CUSTOMER_AWS_ACCOUNT_ID = "CUSTOMER_AWS_ACCOUNT_ID";
    static final String DIMENSION = "DIMENSION";
    static final String LICENSE_ARN = "LICENSE_ARN";
    private static final List<String> FILTER_NAMES =
            List.of(CUSTOMER_IDENTIFIER, DIMENSION, CUSTOMER_AWS_ACCOUNT_ID, LICENSE_ARN);

    /** MaxResults is 1 to 25 (PageSizeInteger); a request without it gets pages of the largest size. */
    static final int MAX_PAGE_SIZE = 25;
    private static final Pattern NON_EMPTY = Pattern.compile("\\S+");

    private final Marketplace marketplace;

    GetEntitlementsOperation(Marketplace marketplace) {
        this.marketplace = marketplace;
    }

    ObjectNode handle(JsonNode request) {
        String productCode = WireFormat.requiredString(request, "ProductCode", "productCode");
        WireFormat.checkLength(productCode, "productCode", 1, 255);
        Integer maxResults = WireFormat.optionalInteger(request, "MaxResults", "maxResults", 1, MAX_PAGE_SIZE);
        String nextToken = WireFormat.optionalString(request, "NextToken", "nextToken");
        WireFormat.checkPattern(nextToken, "nextToken", NON_EMPTY);
        Map<String, Set<String>> filter = readFilter(request);

        if (filter.containsKey(CUSTOMER_IDENTIFIER) && filter.containsKey(CUSTOMER_AWS_ACCOUNT_ID)) {
            throw new RequestRejected(MarketplaceError.INVALID_PARAMETER,
                    "CUSTOMER_IDENTIFIER and CUSTOMER_AWS_ACCOUNT_ID are mutually exclusive; use one or the other");
        }
        SimulatedProduct product = marketplace.findProduct(productCode).orElseThrow(() -> new RequestRejected(
                MarketplaceError.INVALID_PARAMETER, "Product code " + productCode + " is not valid"));

        String fingerprint = fingerprint(productCode, filter);
        int offset = nextToken == null ? 0 : PageToken.decode(nextToken, fingerprint).offset();
        int pageSize = maxResults == null ? MAX_PAGE_SIZE : maxResults;

        List<Marketplace.GrantedEntitlement> matching = new ArrayList<>();
        for (Marketplace.GrantedEntitlement entitlement : marketplace.liveEntitlements(productCode)) {
            if (matches(entitlement, filter)) {
                matching.add(entitlement);
            }
        }
        int end = Math.min(matching.size(), offset + pageSize);
        ObjectNode response = WireFormat.object();
        ArrayNode entitlements = response.putArray("Entitlements");
        for (int i = Math.min(offset, end); i < end; i++) {
            entitlements.add(render(matching.get(i), product));
        }
        if (end < matching.size()) {
            response.put("NextToken", new PageToken(end, fingerprint).encode());
        }
        return response;
    }

    private static Map<String, Set<String>> readFilter(JsonNode request) {
        Map<String, Set<String>> filter = new TreeMap<>();
        if (!WireFormat.present(request, "Filter")) {
            return filter;
        }
        JsonNode node = request.get("Filter");
        if (!node.isObject()) {
            throw new RequestRejected(MarketplaceError.SERIALIZATION, "Expected a map for 'filter'");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            if (!FILTER_NAMES.contains(name)) {
                throw WireFormat.invalid(name, "filter",
                        "Map keys must satisfy constraint: [Member must satisfy enum value set: " + FILTER_NAMES + "]");
            }
            JsonNode values = field.getValue();
            if (values == null || values.isNull()) {
                throw WireFormat.invalid(null, "filter." + name, "Member must not be null");
            }
            if (!values.isArray()) {
                throw new RequestRejected(MarketplaceError.SERIALIZATION, "Expected a list for 'filter." + name + "'");
            }
            if (values.isEmpty()) {
                throw WireFormat.invalid("[]", "filter." + name, "Member must have length greater than or equal to 1");
            }
            Set<String> accepted = new LinkedHashSet<>();
            for (JsonNode value : values) {
                if (!value.isTextual()) {
                    throw new RequestRejected(MarketplaceError.SERIALIZATION,
                            "Expected strings in 'filter." + name + "'");
                }
                accepted.add(value.textValue());
            }
            filter.put(name, accepted);
        }
        return filter;
    }

    private static boolean matches(Marketplace.GrantedEntitlement entitlement, Map<String, Set<String>> filter) {
        SimulatedCustomer customer = entitlement.customer();
        for (Map.Entry<String, Set<String>> condition : filter.entrySet()) {
            String actual = switch (condition.getKey()) {
                case CUSTOMER_IDENTIFIER -> customer.customerIdentifier();
                case CUSTOMER_AWS_ACCOUNT_ID -> customer.awsAccountId();
                case LICENSE_ARN -> customer.licenseArn();
                case DIMENSION -> entitlement.dimension();
                default -> throw new IllegalStateException(condition.getKey());
            };
            if (!condition.getValue().contains(actual)) {
                return false;
            }
        }
        return true;
    }

    private static ObjectNode render(Marketplace.GrantedEntitlement entitlement, SimulatedProduct product) {
        SimulatedCustomer customer = entitlement.customer();
        ObjectNode node = WireFormat.object();
        node.put("ProductCode", customer.productCode());
        node.put("Dimension", entitlement.dimension());
        if (!product.usesConcurrentAgreements()) {
            node.put("CustomerIdentifier", customer.customerIdentifier());
        }
        node.put("CustomerAWSAccountId", customer.awsAccountId());
        if (product.returnsLicenseArns()) {
            node.put("LicenseArn", customer.licenseArn());
        }
        ObjectNode value = node.putObject("Value");
        EntitlementValue granted = entitlement.value();
        switch (granted.kind()) {
            case INTEGER -> value.put("IntegerValue", (Integer) granted.value());
            case DOUBLE -> value.put("DoubleValue", (Double) granted.value());
            case BOOLEAN -> value.put("BooleanValue", (Boolean) granted.value());
            case STRING -> value.put("StringValue", (String) granted.value());
        }
        if (entitlement.expiration() != null) {
            node.put("ExpirationDate", WireFormat.epochSeconds(entitlement.expiration()));
        }
        return node;
    }

    private static String fingerprint(String productCode, Map<String, Set<String>> filter) {
        StringBuilder canonical = new StringBuilder(productCode);
        filter.forEach((name, values) -> canonical.append('\n').append(name).append('=').append(new TreeSet<>(values)));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
