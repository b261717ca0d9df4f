package org.mpactivation.aws.metering;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceThrottledException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.MeteringLine;
import org.mpactivation.port.out.MeteringRejectedException;
import org.mpactivation.port.out.MeteringRejectedException.Reason;
import org.mpactivation.port.out.MeteringResult;
import org.mpactivation.port.out.MeteringResult.LineResult;
import org.mpactivation.port.out.MeteringResult.Status;

/**
 * BatchMeterUsage over plain HTTP, without the SDK: the AWS JSON 1.1 request built with Jackson and sent
 * with {@code java.net.http}, the answer and the error codes read back into the port's types. It puts on
 * the wire what {@link JsonAwsMetering} puts there (every line as it is; the product code unless every record
 * carries a licence) and maps errors by the same codes, so the simulated marketplace can be held to the
 * metering contract on its own. The SigV4 header has the right shape; its signature is not computed (the
 * simulator does not verify it).
 */
final class RawHttpAwsMetering implements AwsMetering {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final String TARGET = "AWSMPMeteringService.BatchMeterUsage";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Map<String, Reason> REASONS = Map.of(
            "ValidationException", Reason.VALIDATION,
            "TimestampOutOfBoundsException", Reason.TIMESTAMP_OUT_OF_BOUNDS,
            "InvalidUsageDimensionException", Reason.INVALID_DIMENSION,
            "InvalidCustomerIdentifierException", Reason.INVALID_CUSTOMER,
            "InvalidLicenseException", Reason.INVALID_LICENSE,
            "InvalidProductCodeException", Reason.INVALID_PRODUCT);

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    RawHttpAwsMetering(URI endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    @Override
    public MeteringResult batchMeterUsage(String productCode, List<MeteringLine> lines) {
        if (lines.isEmpty()) {
            return new MeteringResult(List.of(), List.of());
        }
        HttpResponse<byte[]> response = post(request(productCode, lines));
        JsonNode body = read(response.body());
        if (response.statusCode() != 200) {
            throw error(response.statusCode(), body.path("__type").asText(""));
        }
        return answer(lines, body);
    }

    private static ObjectNode request(String productCode, List<MeteringLine> lines) {
        ObjectNode request = JSON.createObjectNode();
        boolean everyRecordLicensed = lines.stream().allMatch(line -> line.licenseArn() != null);
        if (productCode != null && !productCode.isEmpty() && !everyRecordLicensed) {
            request.put("ProductCode", productCode);
        }
        ArrayNode records = request.putArray("UsageRecords");
        for (MeteringLine line : lines) {
            ObjectNode record = records.addObject();
            record.put("Timestamp", epochSeconds(line.hour()));
            putIfPresent(record, "CustomerIdentifier", line.customerIdentifier());
            putIfPresent(record, "CustomerAWSAccountId", line.customerAwsAccountId());
            putIfPresent(record, "LicenseArn", line.licenseArn());
            record.put("Dimension", line.dimension());
            record.put("Quantity", line.quantity());
        }
        return request;
    }

    private static void putIfPresent(ObjectNode record, String field, String value) {
        if (value != null) {
            record.put(field, value);
        }
    }

    private static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    private HttpResponse<byte[]> post(ObjectNode body) {
        String date = AMZ_DATE.format(Instant.now());
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(endpoint.resolve("/"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", TARGET)
                    .header("X-Amz-Date", date)
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDRAWHTTP/" + date.substring(0, 8)
                            + "/us-east-1/aws-marketplace/aws4_request, SignedHeaders=content-type;host;x-amz-date;"
                            + "x-amz-target, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new MarketplaceUnavailableException("BatchMeterUsage not answered", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MarketplaceUnavailableException("interrupted", e);
        }
    }

    private static JsonNode read(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new MarketplaceUnavailableException("unreadable BatchMeterUsage answer", e);
        }
    }

    private static RuntimeException error(int status, String code) {
        if (code.equals("ThrottlingException")) {
            return new MarketplaceThrottledException(code, null);
        }
        if (MeteringErrors.ACCESS_CODES.contains(code) || status == 401 || status == 403) {
            return new MarketplaceAccessException(code, null);
        }
        if (status >= 500) {
            return new MarketplaceUnavailableException(code, null);
        }
        return new MeteringRejectedException(REASONS.getOrDefault(code, Reason.OTHER), code, null);
    }

    // ---- the answer, matched back to the lines by what each record echoes

    private static MeteringResult answer(List<MeteringLine> lines, JsonNode body) {
        List<MeteringLine> open = new ArrayList<>(lines);
        List<LineResult> results = new ArrayList<>();
        for (JsonNode result : body.path("Results")) {
            MeteringLine line = take(open, result.path("UsageRecord"));
            Status status = switch (result.path("Status").asText()) {
                case "Success" -> Status.SUCCESS;
                case "DuplicateRecord" -> Status.DUPLICATE;
                case "CustomerNotSubscribed" -> Status.CUSTOMER_NOT_SUBSCRIBED;
                default -> throw new IllegalStateException("unknown status " + result.path("Status"));
            };
            String id = status == Status.SUCCESS ? result.path("MeteringRecordId").asText(null) : null;
            results.add(new LineResult(line, status, id));
        }
        List<MeteringLine> unprocessed = new ArrayList<>();
        for (JsonNode record : body.path("UnprocessedRecords")) {
            unprocessed.add(take(open, record));
        }
        if (!open.isEmpty()) {
            throw new IllegalStateException("the answer does not account for " + open.size() + " records");
        }
        return new MeteringResult(results, unprocessed);
    }

    private static MeteringLine take(List<MeteringLine> open, JsonNode echoed) {
        for (MeteringLine line : open) {
            if (Objects.equals(line.customerIdentifier(), text(echoed, "CustomerIdentifier"))
                    && Objects.equals(line.customerAwsAccountId(), text(echoed, "CustomerAWSAccountId"))
                    && Objects.equals(line.licenseArn(), text(echoed, "LicenseArn"))
                    && line.dimension().equals(text(echoed, "Dimension"))
                    && line.quantity() == echoed.path("Quantity").asInt()
                    && epochSeconds(line.hour()).compareTo(echoed.path("Timestamp").decimalValue()) == 0) {
                open.remove(line);
                return line;
            }
        }
        throw new IllegalStateException("the answer echoes a record that was not sent: " + echoed);
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
