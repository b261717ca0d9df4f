package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsSettingsDimensionsTest {

    private static AwsSettings withDimensions(String json) {
        return AwsSettings.fromEnvironment(Map.of("TABLE_NAME", "unused", "MARKETPLACE_PRODUCT_CODE", "prod-dims",
                "METERING_DIMENSIONS", json));
    }

    private static String refusal(String json) {
        return assertThrows(IllegalArgumentException.class, () -> withDimensions(json)).getMessage();
    }

    @Test
    void givenAnObjectOfStrings_thenTheDimensionsInTheirOrderWithTheLastOfARepeatedName() {
        Map<String, String> dimensions = withDimensions("{\"hosts\":\"Hosts\",\"api_calls\":\"ApiCalls\","
                + "\"hosts\":\"HostHours\"}").meteringDimensions();
        assertEquals(List.of("hosts", "api_calls"), List.copyOf(dimensions.keySet()));
        assertEquals("HostHours", dimensions.get("hosts"));
    }

    @Test
    void givenAnythingElse_thenTheSettingIsRefusedNamingWhy() {
        assertEquals("METERING_DIMENSIONS must be a JSON object", refusal("[\"hosts\"]"));
        assertEquals("METERING_DIMENSIONS must be a JSON object", refusal("null"));
        assertEquals("METERING_DIMENSIONS values must be strings", refusal("{\"hosts\":1}"));
        assertEquals("METERING_DIMENSIONS values must be strings", refusal("{\"hosts\":{\"a\":\"b\"}}"));
        assertEquals("METERING_DIMENSIONS is not valid JSON", refusal("{\"hosts\":1,"));
        assertEquals("METERING_DIMENSIONS is not valid JSON", refusal("{hosts}"));
    }
}
