package org.mpactivation.aws.fuzz;


import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.FaultyItemStore;
import org.mpactivation.testkit.fuzz.FuzzRun;
import org.mpactivation.testkit.fuzz.Snapshots;
import org.mpactivation.testkit.fuzz.HostileText;

/**
 * {@code POST /internal/usage} through the real UsageIntakeHandler with an IAM caller (and now and then
 * without): batches of records that are mostly valid for a bound workspace (an open hour, a mapped
 * dimension, an integer quantity), with fields of every JSON type and shape swapped in, numbers of
 * every size, repeated record ids with the same or other content, broken JSON and other content types,
 * and now and then a busy store. Properties as for every public answer; a refused batch stores nothing.
 */
class AwsUsageIntakeFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AwsFuzzWorld world = new AwsFuzzWorld();
    private final List<ObjectNode> sent = new ArrayList<>();
    private String workspaceId;
    private FuzzRun run;

    @Test
    void everyUsageBatchIsAnsweredSafelyAndARefusalStoresNothing() {
        world.activated(world.unique("meter"));
        workspaceId = world.anyWorkspaceId();
        run = FuzzRun.of("AWS usage intake", 1_000);
        run.run(this::oneCase);
    }

    private void oneCase(Random random, int index) throws Exception {
        String body;
        int shape = random.nextInt(12);
        if (shape == 0) {
            body = HostileText.any(random);
        } else if (shape == 1) {
            body = HostileText.mutate(random, JSON.writeValueAsString(batch(random, index)));
        } else {
            body = JSON.writeValueAsString(shape == 2 ? randomJson(random, 3) : batch(random, index));
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", random.nextInt(15) == 0 ? HostileText.mostly(random, 2, "text/plain")
                : "application/json");
        LambdaClient caller = world.browser();
        if (random.nextInt(15) != 0) {
            caller.asIamCaller(AwsFuzzWorld.IAM_CALLER);
        }
        boolean busy = random.nextInt(20) == 0;
        String context = AwsFuzzWorld.describe("POST", "/internal/usage", body) + " busy=" + busy;
        var before = world.snapshot();
        if (busy) {
            world.store.busy(random.nextBoolean() ? FaultyItemStore.Fault.TIMEOUT : FaultyItemStore.Fault.THROTTLED);
        }
        APIGatewayV2HTTPResponse response;
        try {
            response = caller.send(random.nextInt(30) == 0 ? "GET" : "POST", "/internal/usage", headers, body);
        } finally {
            world.store.busy(null);
        }
        run.count(Integer.toString(response.getStatusCode()));
        AwsFuzzWorld.checkAnswer(response, busy, context);
        if (AwsFuzzWorld.refused(response)) {
            Snapshots.assertUnchanged(before, world.snapshot(), context);
        }
    }

    private ObjectNode batch(Random random, int index) {
        ObjectNode root = NODES.objectNode();
        ArrayNode records = root.putArray(random.nextInt(30) == 0 ? HostileText.any(random) : "records");
        int count = random.nextInt(20) == 0 ? 200 + random.nextInt(1_500) : 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            if (!sent.isEmpty() && random.nextInt(10) == 0) {
                ObjectNode again = sent.get(random.nextInt(sent.size())).deepCopy();
                if (random.nextBoolean()) {
                    again.put("quantity", random.nextInt(50));
                }
                records.add(again);
                continue;
            }
            ObjectNode record = records.addObject();
            record.put("recordId", "rec-" + index + "-" + i + "-" + random.nextInt(1_000_000));
            record.put("workspaceId", HostileText.mostly(random, 12, workspaceId));
            record.put("dimension", HostileText.mostly(random, 12, "api_calls", "hosts"));
            record.put("hour", HostileText.mostly(random, 12, "2026-03-02T10:00:00Z", "2026-03-02T09:00:00Z",
                    "2026-03-02T11:00:00Z", "2026-03-02T10:00:00.000Z", "2026-03-02T10:30:00Z"));
            record.put("quantity", random.nextInt(1_000));
            if (random.nextInt(4) == 0) {
                String field = List.of("recordId", "workspaceId", "dimension", "hour", "quantity")
                        .get(random.nextInt(5));
                switch (random.nextInt(4)) {
                    case 0 -> record.remove(field);
                    case 1 -> record.set(field, randomJson(random, 2));
                    case 2 -> record.put(field, HostileText.number(random));
                    default -> record.set(field, NODES.numberNode(random.nextBoolean()
                            ? new BigDecimal(random.nextGaussian() * 1e6)
                            : new BigDecimal(new BigInteger(200, random)).negate()));
                }
            }
            if (random.nextInt(10) < 3) {
                sent.add(record.deepCopy());
            }
        }
        if (random.nextInt(20) == 0) {
            records.add(randomJson(random, 2));
        }
        return root;
    }

    private static com.fasterxml.jackson.databind.JsonNode randomJson(Random random, int depth) {
        int kind = depth <= 0 ? random.nextInt(6) : random.nextInt(8);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(600) - 300));
            case 4 -> NODES.textNode(HostileText.any(random));
            case 5 -> NODES.numberNode(new BigInteger(1 + random.nextInt(300), random));
            case 6 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomJson(random, depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(HostileText.mostly(random, 2, "records", "recordId", "quantity"),
                            randomJson(random, depth - 1));
                }
                yield object;
            }
        };
    }
}
