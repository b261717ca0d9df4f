package org.mpactivation.aws.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mpactivation.aws.notify.NotificationQueueHandler;
import org.mpactivation.testkit.fuzz.FuzzRun;
import org.mpactivation.testkit.fuzz.Snapshots;
import org.mpactivation.testkit.fuzz.HostileText;

/**
 * The notification queue through the real NotificationQueueHandler and notice receiver on the
 * in-memory store: the bodies of every sample event (SNS-in-SQS and EventBridge forms) with their
 * fields mutated, swapped for hostile values or removed, the SNS message inside mutated too, the buyer
 * now and then one we know; and plain garbage. Properties: the handler never throws, answers only for
 * the records it was given, and a record it hands back for redelivery changed nothing.
 */
class AwsNotificationQueueFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRODUCT_CODE = "8f2kq0x7wz1mzp3bv9rn4tc6e";
    private static final List<String> SAMPLES = List.of("sqs-sns-subscribe-success.json", "sqs-sns-subscribe-fail.json",
            "sqs-sns-unsubscribe-pending.json", "sqs-sns-unsubscribe-success.json", "sqs-sns-entitlement-updated.json",
            "sqs-eb-license-deprovisioned-manufacturer.json", "sqs-eb-license-updated-manufacturer.json",
            "sqs-eb-purchase-agreement-amended-manufacturer.json", "sqs-eb-purchase-agreement-created-manufacturer.json",
            "sqs-eb-purchase-agreement-ended-manufacturer.json", "sqs-eb-purchase-agreement-created-proposer.json",
            "sqs-bad-unknown-action.json", "sqs-bad-wrong-topic.json", "sqs-bad-product-mismatch.json");

    private final AwsFuzzWorld world = new AwsFuzzWorld();
    private final NotificationQueueHandler handler = new NotificationQueueHandler(world.notices, PRODUCT_CODE);
    private final List<String> bodies = new ArrayList<>();
    private FuzzRun run;

    @Test
    void everyQueuedRecordIsHandledAndAnUnappliedOneChangesNothing() throws Exception {
        for (String sample : SAMPLES) {
            try (InputStream in = getClass().getResourceAsStream("/events/" + sample)) {
                for (JsonNode record : JSON.readTree(in).get("Records")) {
                    bodies.add(record.get("body").asText());
                }
            }
        }
        world.activated(world.unique("queue"));
        run = FuzzRun.of("AWS notification queue", 1_000);
        run.run(this::oneCase);
    }

    private void oneCase(Random random, int index) throws Exception {
        String body;
        if (random.nextInt(12) == 0) {
            body = HostileText.any(random);
        } else {
            JsonNode tree = JSON.readTree(bodies.get(random.nextInt(bodies.size())));
            if (tree.isObject() && tree.has("Message") && tree.get("Message").isTextual() && random.nextBoolean()) {
                JsonNode inner = readOrNull(tree.get("Message").asText());
                if (inner != null) {
                    mutate(inner, random);
                    ((ObjectNode) tree).put("Message", inner.toString());
                }
            } else {
                mutate(tree, random);
            }
            body = random.nextInt(15) == 0 ? HostileText.mutate(random, tree.toString()) : tree.toString();
        }
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId("msg-" + index);
        record.setBody(random.nextInt(40) == 0 ? null : body);
        record.setEventSource("aws:sqs");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record));
        String context = "SQS record " + org.mpactivation.testkit.fuzz.WebAnswers.clip(body);

        var before = world.snapshot();
        SQSBatchResponse response;
        try {
            response = handler.handleRequest(event, null);
        } catch (RuntimeException thrown) {
            throw new AssertionError("the handler threw " + thrown + " for " + context, thrown);
        }
        List<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
        run.count(failed.isEmpty() ? "done" : "redeliver");
        assertTrue(failed.isEmpty() || failed.equals(List.of("msg-" + index)), "answers for other records: "
                + failed + " for " + context);
        if (!failed.isEmpty()) {
            Snapshots.assertUnchanged(before, world.snapshot(), context);
        }
    }

    private void mutate(JsonNode tree, Random random) {
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            List<JsonNode> containers = new ArrayList<>();
            collect(tree, containers);
            JsonNode container = containers.get(random.nextInt(containers.size()));
            if (container instanceof ObjectNode object && object.size() > 0) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                String name = names.get(random.nextInt(names.size()));
                switch (random.nextInt(6)) {
                    case 0 -> object.remove(name);
                    case 1 -> object.put(name, HostileText.any(random));
                    case 2 -> object.put(name, random.nextLong());
                    case 3 -> object.putNull(name);
                    case 4 -> object.put(name, world.customers.get(random.nextInt(world.customers.size())));
                    default -> object.set(name, object.get(name).isTextual()
                            ? new TextNode(HostileText.mutate(random, object.get(name).asText()))
                            : JSON.createArrayNode());
                }
            } else if (container instanceof ArrayNode array && array.size() > 0) {
                array.set(random.nextInt(array.size()), new TextNode(HostileText.any(random)));
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
                collect(children.next(), into);
            }
        }
    }

    private static JsonNode readOrNull(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isContainerNode() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
