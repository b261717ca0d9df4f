package org.mpactivation.simulator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.UUID;

/**
 * The AWS JSON 1.1 protocol: {@code POST /} with {@code X-Amz-Target: <Service>.<Operation>} and a JSON
 * body; answers JSON, errors as {@code {"__type": code, "message": text}} with the error's HTTP status, and
 * an {@code x-amzn-RequestId} header on every response.
 */
final class AwsJsonEndpoint implements HttpHandler {

    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    /** BatchMeterUsage requests must be smaller than 1 MB; the same bound guards every operation. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final Marketplace marketplace;
    private final ResolveCustomerOperation resolveCustomer;
    private final BatchMeterUsageOperation batchMeterUsage;
    private final GetEntitlementsOperation getEntitlements;

    AwsJsonEndpoint(Marketplace marketplace) {
        this.marketplace = marketplace;
        this.resolveCustomer = new ResolveCustomerOperation(marketplace);
        this.batchMeterUsage = new BatchMeterUsageOperation(marketplace);
        this.getEntitlements = new GetEntitlementsOperation(marketplace);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            try {
                byte[] body = readBody(exchange.getRequestBody());
                ObjectNode response = dispatch(exchange, body);
                send(exchange, requestId, 200, response, null);
            } catch (RequestRejected rejected) {
                sendError(exchange, requestId, rejected.error(), rejected.getMessage());
            } catch (RuntimeException unexpected) {
                sendError(exchange, requestId, MarketplaceError.INTERNAL_SERVICE_ERROR,
                        "The simulator failed: " + unexpected);
            }
        }
    }

    private ObjectNode dispatch(HttpExchange exchange, byte[] body) {
        if (body == null) {
            throw WireFormat.invalid("The request must be smaller than 1 MB");
        }
        if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getPath())) {
            throw new RequestRejected(MarketplaceError.UNKNOWN_OPERATION,
                    "The AWS JSON protocol takes POST / with an X-Amz-Target header");
        }
        SignatureCheck.check(exchange.getRequestHeaders());
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        AwsOperation operation = AwsOperation.forTarget(target).orElseThrow(() -> new RequestRejected(
                MarketplaceError.UNKNOWN_OPERATION, "Operation " + target + " is not supported by this simulator"));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.trim().toLowerCase().startsWith(CONTENT_TYPE)) {
            throw new RequestRejected(MarketplaceError.SERIALIZATION, "The Content-Type must be " + CONTENT_TYPE);
        }

        marketplace.countCall(operation);
        Optional<MarketplaceError> fault = marketplace.faults().takeFor(operation);
        if (fault.isPresent()) {
            throw new RequestRejected(fault.get(), injectedMessage(fault.get()));
        }
        if (!marketplace.admitCall(operation)) {
            throw new RequestRejected(MarketplaceError.THROTTLING, "Rate exceeded");
        }
        JsonNode request = WireFormat.parseObject(body);
        return switch (operation) {
            case RESOLVE_CUSTOMER -> resolveCustomer.handle(request);
            case BATCH_METER_USAGE -> batchMeterUsage.handle(request);
            case GET_ENTITLEMENTS -> getEntitlements.handle(request);
        };
    }

    private static String injectedMessage(MarketplaceError error) {
        return switch (error) {
            case THROTTLING -> "Rate exceeded";
            case DISABLED_API -> "The API is disabled in this Region";
            case INTERNAL_SERVICE_ERROR -> "An internal error has occurred; retry your request";
            default -> error.code() + " (injected)";
        };
    }

    /** The body, or null when it exceeds the size limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean tooLarge = false;
        int read;
        while ((read = in.read(buffer)) != -1) {
            if (!tooLarge) {
                out.write(buffer, 0, read);
                tooLarge = out.size() >= MAX_BODY_BYTES;
            }
        }
        return tooLarge ? null : out.toByteArray();
    }

    private static void sendError(HttpExchange exchange, String requestId, MarketplaceError error, String message)
            throws IOException {
        ObjectNode body = WireFormat.object();
        body.put("__type", error.code());
        body.put("message", message);
        send(exchange, requestId, error.httpStatus(), body, error.code());
    }

    private static void send(HttpExchange exchange, String requestId, int status, ObjectNode body, String errorType)
            throws IOException {
        byte[] bytes = WireFormat.bytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
