package org.mpactivation.simulator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code AWSMPMeteringService.BatchMeterUsage}: up to 25 usage records of one product.
 *
 * <p>Request-level checks, in order: the model's constraints ({@code ValidationException}), the product
 * code, the licences, the timestamps (one record out of the window, in the future or of a billing month
 * closed longer than the grace period refuses the whole batch), the dimensions,
 * the customer identifiers and the usage allocations. Then each record gets a status: {@code Success} (also
 * for an identical resend, with the same MeteringRecordId), {@code DuplicateRecord} (same subscription,
 * dimension and hour already billed with another quantity) or {@code CustomerNotSubscribed}.
 */
final class BatchMeterUsageOperation {

    static final int MAX_RECORDS = 25;
    /** The documented limit on allocations per usage record (the model allows larger lists). */
    static final int MAX_ALLOCATIONS = 500;
    static final int MAX_TAGS = 5;

    private static final Pattern PRODUCT_CODE = Pattern.compile("^[-a-zA-Z0-9/=:_.@]*$");
    private static final Pattern ACCOUNT_ID = Pattern.compile("^[0-9]+$");
    private static final Pattern NON_EMPTY = Pattern.compile("[\\s\\S]+");
    private static final Pattern TAG_TEXT = Pattern.compile("^[a-zA-Z0-9+ -=._:\\/@]+$");

    static final String BY_CUSTOMER_IDENTIFIER = "CustomerIdentifier";
    static final String BY_ACCOUNT_ID = "CustomerAWSAccountId";

    private record UsageLine(
            ObjectNode wire,
            Instant timestamp,
            String dimension,
            int quantity,
            String customerIdentifier,
            String awsAccountId,
            String licenseArn,
            List<MeteringRecord.Allocation> allocations) {
    }

    private final Marketplace marketplace;

    BatchMeterUsageOperation(Marketplace marketplace) {
        this.marketplace = marketplace;
    }

    ObjectNode handle(JsonNode request) {
        String productCode = WireFormat.optionalString(request, "ProductCode", "productCode");
        WireFormat.checkLength(productCode, "productCode", 1, 255);
        WireFormat.checkPattern(productCode, "productCode", PRODUCT_CODE);
        List<UsageLine> lines = readRecords(request);
        checkCustomerFields(lines, productCode);

        synchronized (marketplace) {
            SimulatedProduct product = null;
            if (productCode != null) {
                product = marketplace.findProduct(productCode).orElseThrow(() -> new RequestRejected(
                        MarketplaceError.INVALID_PRODUCT_CODE,
                        "Product code " + productCode + " does not match a product published by this seller"));
            }
            product = checkLicenses(lines, product);
            checkTimestamps(lines);
            checkDimensions(lines, product);
            checkCustomers(lines, product);

            ObjectNode response = WireFormat.object();
            ArrayNode results = response.putArray("Results");
            ArrayNode unprocessed = response.putArray("UnprocessedRecords");
            for (UsageLine line : lines) {
                if (marketplace.faults().takeUnprocessed()) {
                    unprocessed.add(line.wire());
                    continue;
                }
                ObjectNode result = results.addObject();
                result.set("UsageRecord", line.wire());
                SimulatedCustomer customer = subscription(line, product);
                if (customer == null || !marketplace.isSubscribed(customer)) {
                    result.put("Status", "CustomerNotSubscribed");
                    continue;
                }
                Marketplace.Metered metered = marketplace.meter(customer,
                        line.customerIdentifier() != null ? BY_CUSTOMER_IDENTIFIER : BY_ACCOUNT_ID,
                        line.dimension(), line.timestamp(), line.quantity(), line.allocations());
                if (metered.accepted()) {
                    result.put("MeteringRecordId", metered.record().meteringRecordId());
                    result.put("Status", "Success");
                } else {
                    result.put("Status", "DuplicateRecord");
                }
            }
            return response;
        }
    }

    // ---- reading the request ----

    private static List<UsageLine> readRecords(JsonNode request) {
        if (!WireFormat.present(request, "UsageRecords")) {
            throw WireFormat.invalid(null, "usageRecords", "Member must not be null");
        }
        JsonNode records = request.get("UsageRecords");
        if (!records.isArray()) {
            throw new RequestRejected(MarketplaceError.SERIALIZATION, "Expected a list for 'usageRecords'");
        }
        if (records.size() > MAX_RECORDS) {
            throw WireFormat.invalid("[" + records.size() + " usage records]", "usageRecords",
                    "Member must have length less than or equal to " + MAX_RECORDS);
        }
        List<UsageLine> lines = new ArrayList<>();
        int index = 0;
        for (JsonNode record : records) {
            index++;
            String path = "usageRecords." + index + ".member.";
            if (!record.isObject()) {
                throw new RequestRejected(MarketplaceError.SERIALIZATION, "Expected a structure for 'usageRecords." + index + "'");
            }
            Instant timestamp = WireFormat.requiredInstant(record, "Timestamp", path + "timestamp");
            String dimension = WireFormat.requiredString(record, "Dimension", path + "dimension");
            WireFormat.checkLength(dimension, path + "dimension", 1, 255);
            WireFormat.checkPattern(dimension, path + "dimension", NON_EMPTY);
            Integer quantity = WireFormat.optionalInteger(record, "Quantity", path + "quantity", 0, Integer.MAX_VALUE);
            String customerIdentifier = WireFormat.optionalString(record, "CustomerIdentifier", path + "customerIdentifier");
            WireFormat.checkLength(customerIdentifier, path + "customerIdentifier", 0, 255);
            String account = WireFormat.optionalString(record, "CustomerAWSAccountId", path + "customerAWSAccountId");
            WireFormat.checkLength(account, path + "customerAWSAccountId", 1, 255);
            WireFormat.checkPattern(account, path + "customerAWSAccountId", ACCOUNT_ID);
            String licenseArn = WireFormat.optionalString(record, "LicenseArn", path + "licenseArn");
            WireFormat.checkLength(licenseArn, path + "licenseArn", 1, 2048);
            int amount = quantity == null ? 0 : quantity;
            List<MeteringRecord.Allocation> allocations = readAllocations(record, path, amount);
            lines.add(new UsageLine(((ObjectNode) record).deepCopy(), timestamp, dimension, amount,
                    customerIdentifier, account, licenseArn, allocations));
        }
        return lines;
    }

    private static List<MeteringRecord.Allocation> readAllocations(JsonNode record, String path, int quantity) {
        if (!WireFormat.present(record, "UsageAllocations")) {
            return List.of();
        }
        JsonNode allocations = record.get("UsageAllocations");
        if (!allocations.isArray()) {
            throw new RequestRejected(MarketplaceError.SERIALIZATION, "Expected a list for '" + path + "usageAllocations'");
        }
        if (allocations.isEmpty()) {
            throw WireFormat.invalid("[]", path + "usageAllocations", "Member must have length greater than or equal to 1");
        }
        if (allocations.size() > MAX_ALLOCATIONS) {
            throw new RequestRejected(MarketplaceError.INVALID_USAGE_ALLOCATIONS,
                    "A usage record has more than " + MAX_ALLOCATIONS + " usage allocations");
        }
        List<MeteringRecord.Allocation> result = new ArrayList<>();
        long total = 0;
        int index = 0;
        for (JsonNode allocation : allocations) {
            index++;
            String allocationPath = path + "usageAllocations." + index + ".member.";
            if (!allocation.isObject()) {
                throw new RequestRejected(MarketplaceError.SERIALIZATION, "Expected a structure for '" + allocationPath + "'");
            }
            Integer allocated = WireFormat.optionalInteger(allocation, "AllocatedUsageQuantity",
                    allocationPath + "allocatedUsageQuantity", 0, Integer.MAX_VALUE);
            if (allocated == null) {
                throw WireFormat.invalid(null, allocationPath + "allocatedUsageQuantity", "Member must not be null");
            }
            total += allocated;
            result.add(new MeteringRecord.Allocation(allocated, readTags(allocation, allocationPath)));
        }
        if (total != quantity) {
            throw new RequestRejected(MarketplaceError.INVALID_USAGE_ALLOCATIONS,
                    "The allocated usage quantities add up to " + total + ", not to the record's quantity " + quantity);
        }
        return result;
    }

    private static Map<String, String> readTags(JsonNode allocation, String path) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (!WireFormat.present(allocation, "Tags")) {
            return tags;
        }
        JsonNode list = allocation.get("Tags");
        if (!list.isArray()) {
            throw new RequestRejected(MarketplaceError.SERIALIZATION, "Expected a list for '" + path + "tags'");
        }
        if (list.isEmpty()) {
            throw WireFormat.invalid("[]", path + "tags", "Member must have length greater than or equal to 1");
        }
        if (list.size() > MAX_TAGS) {
            throw new RequestRejected(MarketplaceError.INVALID_TAG, "A usage allocation has more than " + MAX_TAGS + " tags");
        }
        for (JsonNode tag : list) {
            if (!tag.isObject()) {
                throw new RequestRejected(MarketplaceError.SERIALIZATION, "Expected a structure in '" + path + "tags'");
            }
            String key = WireFormat.optionalString(tag, "Key", path + "tags.key");
            String value = WireFormat.optionalString(tag, "Value", path + "tags.value");
            if (!validTagText(key, 100) || !validTagText(value, 256)) {
                throw new RequestRejected(MarketplaceError.INVALID_TAG, "The tag " + key + "=" + value + " is not valid");
            }
            if (tags.put(key, value) != null) {
                throw new RequestRejected(MarketplaceError.INVALID_TAG, "The tag key " + key + " appears twice in one allocation");
            }
        }
        return tags;
    }

    private static boolean validTagText(String text, int maxLength) {
        return text != null && !text.isEmpty() && text.length() <= maxLength && TAG_TEXT.matcher(text).matches();
    }

    /**
     * The customer fields: CustomerIdentifier (with the request's ProductCode) or CustomerAWSAccountId (with
     * the request's ProductCode, or a per-record LicenseArn), mutually exclusive within the request.
     */
    private static void checkCustomerFields(List<UsageLine> lines, String productCode) {
        boolean byIdentifier = false;
        boolean byAccount = false;
        int index = 0;
        for (UsageLine line : lines) {
            index++;
            boolean hasIdentifier = line.customerIdentifier() != null;
            boolean hasAccount = line.awsAccountId() != null;
            if (hasIdentifier && hasAccount) {
                throw WireFormat.invalid("usageRecords." + index + ": CustomerIdentifier and CustomerAWSAccountId are"
                        + " mutually exclusive; a usage record names the customer by one of them");
            }
            if (!hasIdentifier && !hasAccount) {
                throw WireFormat.invalid("usageRecords." + index + ": a usage record must name the customer by"
                        + " CustomerIdentifier or CustomerAWSAccountId");
            }
            if (hasIdentifier && line.licenseArn() != null) {
                throw WireFormat.invalid("usageRecords." + index + ": LicenseArn is used with CustomerAWSAccountId,"
                        + " not with CustomerIdentifier");
            }
            if (productCode == null && line.licenseArn() == null) {
                throw WireFormat.invalid("usageRecords." + index + ": ProductCode is required unless every usage record"
                        + " carries a LicenseArn");
            }
            byIdentifier |= hasIdentifier;
            byAccount |= hasAccount;
        }
        if (byIdentifier && byAccount) {
            throw WireFormat.invalid("CustomerIdentifier and CustomerAWSAccountId are mutually exclusive;"
                    + " you can't use both in the same request");
        }
    }

    // ---- checks against the marketplace (under its lock) ----

    /** Checks each LicenseArn and returns the product of the request (from ProductCode or the licences). */
    private SimulatedProduct checkLicenses(List<UsageLine> lines, SimulatedProduct product) {
        SimulatedProduct requestProduct = product;
        for (UsageLine line : lines) {
            if (line.licenseArn() == null) {
                continue;
            }
            SimulatedCustomer licensee = marketplace.customerByLicense(line.licenseArn()).orElseThrow(() ->
                    new RequestRejected(MarketplaceError.INVALID_LICENSE, "LicenseArn " + line.licenseArn() + " is not valid"));
            if (!licensee.awsAccountId().equals(line.awsAccountId())) {
                throw new RequestRejected(MarketplaceError.INVALID_LICENSE,
                        "LicenseArn " + line.licenseArn() + " does not belong to customer " + line.awsAccountId());
            }
            if (requestProduct == null) {
                requestProduct = marketplace.findProduct(licensee.productCode()).orElseThrow();
            } else if (!requestProduct.code().equals(licensee.productCode())) {
                throw new RequestRejected(MarketplaceError.INVALID_LICENSE, "LicenseArn " + line.licenseArn()
                        + " is not a licence of product " + requestProduct.code() + "; meter one product per call");
            }
        }
        if (requestProduct == null) {
            throw WireFormat.invalid("ProductCode is required unless every usage record carries a LicenseArn");
        }
        return requestProduct;
    }

    private void checkTimestamps(List<UsageLine> lines) {
        SimulatorSettings settings = marketplace.settings();
        Instant now = marketplace.now();
        Instant oldest = now.minus(settings.meteringWindow());
        Instant latest = now.plus(settings.futureTolerance());
        Instant monthStart = YearMonth.from(now.atZone(ZoneOffset.UTC)).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        boolean earlierMonthsClosed = !now.isBefore(monthStart.plus(settings.billingMonthGrace()));
        for (UsageLine line : lines) {
            if (earlierMonthsClosed && line.timestamp().isBefore(monthStart)) {
                throw new RequestRejected(MarketplaceError.TIMESTAMP_OUT_OF_BOUNDS, "Timestamp " + line.timestamp()
                        + " belongs to a billing month closed more than " + settings.billingMonthGrace()
                        + " ago; the batch was not processed");
            }
            if (!line.timestamp().isAfter(oldest)) {
                throw new RequestRejected(MarketplaceError.TIMESTAMP_OUT_OF_BOUNDS, "Timestamp " + line.timestamp()
                        + " is out of the allowed range: usage is accepted for " + settings.meteringWindow()
                        + " after the event; the batch was not processed");
            }
            if (line.timestamp().isAfter(latest)) {
                throw new RequestRejected(MarketplaceError.TIMESTAMP_OUT_OF_BOUNDS, "Timestamp " + line.timestamp()
                        + " is in the future; the batch was not processed");
            }
        }
    }

    private static void checkDimensions(List<UsageLine> lines, SimulatedProduct product) {
        for (UsageLine line : lines) {
            if (!product.hasDimension(line.dimension())) {
                throw new RequestRejected(MarketplaceError.INVALID_USAGE_DIMENSION, "Dimension " + line.dimension()
                        + " does not match one of the usage dimensions of product " + product.code());
            }
        }
    }

    private void checkCustomers(List<UsageLine> lines, SimulatedProduct product) {
        for (UsageLine line : lines) {
            if (line.customerIdentifier() != null) {
                if (product.usesConcurrentAgreements()) {
                    throw new RequestRejected(MarketplaceError.INVALID_CUSTOMER_IDENTIFIER, "Product " + product.code()
                            + " is integrated for concurrent agreements: name customers by CustomerAWSAccountId and LicenseArn");
                }
                if (line.customerIdentifier().isEmpty() || !marketplace.knowsCustomerIdentifier(line.customerIdentifier())) {
                    throw new RequestRejected(MarketplaceError.INVALID_CUSTOMER_IDENTIFIER,
                            "CustomerIdentifier " + line.customerIdentifier() + " does not exist");
                }
            } else if (line.licenseArn() == null && product.usesConcurrentAgreements()) {
                throw new RequestRejected(MarketplaceError.INVALID_LICENSE, "Product " + product.code()
                        + " is integrated for concurrent agreements: each usage record needs its LicenseArn");
            }
        }
    }

    /** The subscription a record meters, or null if the customer has none for this product. */
    private SimulatedCustomer subscription(UsageLine line, SimulatedProduct product) {
        if (line.licenseArn() != null) {
            return marketplace.customerByLicense(line.licenseArn()).orElse(null);
        }
        SimulatedCustomer fallback = null;
        for (SimulatedCustomer customer : marketplace.customersOf(product.code())) {
            boolean same = line.customerIdentifier() != null
                    ? customer.customerIdentifier().equals(line.customerIdentifier())
                    : customer.awsAccountId().equals(line.awsAccountId());
            if (same) {
                if (marketplace.isSubscribed(customer)) {
                    return customer;
                }
                fallback = customer;
            }
        }
        return fallback;
    }
}
