package org.mpactivation.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mpactivation.application.UsageIntake;
import org.mpactivation.port.out.store.StoreUnavailableException;

/**
 * The internal usage endpoint: {@code POST /internal/usage} with
 * {@code {"records":[{"recordId","workspaceId","dimension","hour","quantity"}]}}. It is reachable
 * only through an IAM-authorized route; answers are JSON.
 */
public final class UsageRoute {

    public static final String PATH = "/internal/usage";
    /** The largest body this route reads: room for {@link UsageIntake#MAX_RECORDS} records with the longest ids. */
    public static final int MAX_BODY_BYTES = 512 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UsageIntake intake;

    public UsageRoute(UsageIntake intake) {
        this.intake = intake;
    }

    public Router mount(Router router) {
        return router.post(PATH, MAX_BODY_BYTES, this::accept);
    }

    private WebResponse accept(WebRequest request, Map<String, String> params) {
        if (!ContentType.is(request.header("content-type").orElse(null), ContentType.JSON)) {
            return error(415, "send the records as application/json (a charset parameter is allowed)");
        }
        List<UsageIntake.Submitted> records;
        try {
            JsonNode root = JSON.readTree(request.body());
            int count = root != null && root.path("records").isArray() ? root.get("records").size() : 0;
            if (count > UsageIntake.MAX_RECORDS) {
                return error(413, "a batch holds at most " + UsageIntake.MAX_RECORDS + " records; this one holds "
                        + count + ": send them in several batches");
            }
            records = parse(root);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return error(400, "the body must be {\"records\": [...]} with recordId, workspaceId, dimension, hour "
                    + "and an integer quantity");
        } catch (java.io.IOException e) {
            return error(400, "the body could not be read");
        }
        try {
            UsageIntake.Result result = intake.accept(records);
            ObjectNode body = JSON.createObjectNode().put("accepted", result.accepted())
                    .put("duplicates", result.duplicates());
            return json(200, body);
        } catch (UsageIntake.BatchRejectedException e) {
            ObjectNode body = JSON.createObjectNode().put("error", "the batch was refused; nothing was stored");
            ArrayNode list = body.putArray("rejections");
            e.rejections().forEach(r -> list.addObject().put("index", r.index()).put("recordId", r.recordId())
                    .put("reason", r.reason()));
            return json(e.isConflict() ? 409 : 422, body);
        } catch (UsageIntake.ConcurrentConflictException e) {
            ObjectNode body = JSON.createObjectNode().put("error", "another request stored some of these record ids"
                    + " with other content at the same time: the records in 'stored' are stored; those in"
                    + " 'rejections' are not");
            e.stored().forEach(body.putArray("stored")::add);
            ArrayNode list = body.putArray("rejections");
            e.conflicts().forEach(r -> list.addObject().put("index", r.index()).put("recordId", r.recordId())
                    .put("reason", r.reason()));
            return json(409, body);
        } catch (UsageIntake.IntakeTooLateException e) {
            ObjectNode body = JSON.createObjectNode().put("error", "the batch took too long to store: the records in"
                    + " 'stored' are stored; those in 'notStored' are not, and their hour is now closed");
            e.stored().forEach(body.putArray("stored")::add);
            e.notStored().forEach(body.putArray("notStored")::add);
            return json(503, body);
        } catch (StoreUnavailableException e) {
            return error(503, "the store is busy; send the batch again").withHeader("Retry-After", "5");
        }
    }

    private static List<UsageIntake.Submitted> parse(JsonNode root) {
        JsonNode array = root == null ? null : root.get("records");
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("no records array");
        }
        List<UsageIntake.Submitted> records = new ArrayList<>();
        for (JsonNode node : array) {
            if (!node.isObject()) {
                throw new IllegalArgumentException("a record is not an object");
            }
            JsonNode quantity = node.get("quantity");
            records.add(new UsageIntake.Submitted(text(node, "recordId"), text(node, "workspaceId"),
                    text(node, "dimension"), text(node, "hour"),
                    quantity != null && quantity.canConvertToLong() && quantity.isIntegralNumber()
                            ? quantity.longValue() : null));
        }
        return records;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static WebResponse error(int status, String message) {
        return json(status, JSON.createObjectNode().put("error", message));
    }

    private static WebResponse json(int status, JsonNode body) {
        return WebResponse.text(status, "application/json", body.toString());
    }
}
