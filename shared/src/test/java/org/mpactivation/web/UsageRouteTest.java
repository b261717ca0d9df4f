package org.mpactivation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpactivation.application.MeteringWorld;
import org.mpactivation.application.UsageIntake;
import org.mpactivation.port.out.store.Item;

/** {@code POST /internal/usage} as a caller sees it: the media type, the batch and body limits. */
class UsageRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOUR = "2025-03-01T10:00:00Z";

    private final MeteringWorld world = world();
    private final Router router = new UsageRoute(world.intake).mount(new Router((status, key) ->
            WebResponse.text(status, "application/json", "{\"error\":\"" + key + "\"}")));
    private final String workspace = "ws-intake-1";

    private static MeteringWorld world() {
        MeteringWorld w = new MeteringWorld();
        w.buyer("intake", MeteringWorld.PRODUCT, false);
        w.moveTo(MeteringWorld.at("10:20"));
        return w;
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/jsonx", "application/json-patch+json", "text/plainx", "text/plain",
            "application/x-www-form-urlencoded", "application/json/x"})
    void givenATypeThatIsNotJson_then415AndNothingStored(String contentType) {
        Map<String, Item> before = world.recorded.snapshot();
        WebResponse response = post(body(1, "t"), contentType);
        assertEquals(415, response.status(), contentType);
        assertTrue(json(response).path("error").asText().contains("application/json"), response.body());
        assertEquals(before, world.recorded.snapshot());
    }

    @Test
    void givenNoContentType_then415() {
        WebResponse response = router.handle(new WebRequest("POST", UsageRoute.PATH, null, Map.of(), null,
                body(1, "none").getBytes(StandardCharsets.UTF_8)));
        assertEquals(415, response.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "Application/JSON; charset=utf-8", "application/json;charset=UTF-8"})
    void givenJsonWithOrWithoutACharset_thenStored(String contentType) {
        WebResponse response = post(body(2, "c"), contentType);
        assertEquals(200, response.status(), response.body());
        assertEquals(2, json(response).path("accepted").asInt());
    }

    @Test
    void givenTheMostRecordsTheReadmeAllowsWithLongIds_thenAllAreStored() {
        String body = body(UsageIntake.MAX_RECORDS, "r");
        assertTrue(body.length() > 64 * 1024, "realistic records exceed the pages' 64 KiB: " + body.length());
        WebResponse response = post(body, "application/json");
        assertEquals(200, response.status(), response.body());
        assertEquals(UsageIntake.MAX_RECORDS, json(response).path("accepted").asInt());
        assertEquals(UsageIntake.MAX_RECORDS, json(response).path("accepted").asInt()
                + json(response).path("duplicates").asInt());
    }

    @Test
    void givenOneRecordMoreThanAllowed_then413NamingTheLimitAndNothingStored() {
        Map<String, Item> before = world.recorded.snapshot();
        WebResponse response = post(body(UsageIntake.MAX_RECORDS + 1, "o"), "application/json");
        assertEquals(413, response.status(), response.body());
        String error = json(response).path("error").asText();
        assertTrue(error.contains("at most " + UsageIntake.MAX_RECORDS + " records"), error);
        assertTrue(error.contains(Integer.toString(UsageIntake.MAX_RECORDS + 1)), error);
        assertEquals(before, world.recorded.snapshot());
    }

    @Test
    void givenABodyLargerThanTheRouteAllows_then413AndNothingStored() {
        Map<String, Item> before = world.recorded.snapshot();
        StringBuilder padded = new StringBuilder("{\"records\":[],\"padding\":\"");
        while (padded.length() < 600 * 1024) {
            padded.append("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        }
        padded.append("\"}");
        WebResponse response = post(padded.toString(), "application/json");
        assertEquals(413, response.status(), response.body());
        assertEquals(before, world.recorded.snapshot());
    }

    @Test
    void givenARecordStoredWithOtherContentWhileThisBatchIsStored_then409NamingWhatWasStored() {
        String racedId = "c-1-" + "x".repeat(124);
        world.intercepting.beforeFirstWrite(key -> key.pk().equals("USAGE#" + racedId),
                () -> world.usage.putIfAbsent(new org.mpactivation.domain.UsageRecord(racedId, workspace, "hosts",
                        java.time.Instant.parse(HOUR), 1)));

        WebResponse response = post(body(3, "c"), "application/json");

        assertEquals(409, response.status(), response.body());
        JsonNode answer = json(response);
        assertEquals(2, answer.path("stored").size(), response.body());
        assertEquals(racedId, answer.path("rejections").get(0).path("recordId").asText());
        assertEquals(1, answer.path("rejections").get(0).path("index").asInt());
    }

    @Test
    void givenTheReadme_thenItStatesTheBatchLimitTheCodeEnforces() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        assertTrue(text.contains("takes up to " + UsageIntake.MAX_RECORDS + " records"),
                "the README's usage intake section names the batch limit");
        assertTrue(text.contains("at most " + UsageRoute.MAX_BODY_BYTES / 1024 + " KiB"),
                "the README names the body limit");
    }

    private WebResponse post(String body, String contentType) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", contentType);
        return router.handle(new WebRequest("POST", UsageRoute.PATH, null, headers, null,
                body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Records as a product sends them: ids as long as allowed, a realistic workspace, dimension and quantity. */
    private String body(int count, String tag) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode records = root.putArray("records");
        for (int i = 0; i < count; i++) {
            String id = tag + "-" + i + "-";
            records.addObject().put("recordId", id + "x".repeat(128 - id.length())).put("workspaceId", workspace)
                    .put("dimension", "api_calls").put("hour", HOUR).put("quantity", 1_234_567L + i);
        }
        return root.toString();
    }

    private static JsonNode json(WebResponse response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }
}
