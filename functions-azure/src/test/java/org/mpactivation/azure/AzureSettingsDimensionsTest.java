package org.mpactivation.azure;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureSettingsDimensionsTest {

    private static String problems(String dimensions) {
        return assertThrows(IllegalStateException.class,
                () -> AzureSettings.from(Map.of("METERING_DIMENSIONS", dimensions))).getMessage();
    }

    @Test
    void givenDimensionsThatAreNoObjectOrNoJson_thenTheProblemIsNamed() {
        assertTrue(problems("[\"hosts\"]").contains("METERING_DIMENSIONS (a JSON object)"));
        assertTrue(problems("{\"hosts\":\"Hosts\",").contains("METERING_DIMENSIONS (a JSON object)"));
        assertTrue(problems("{\"hosts\":2}").contains("METERING_DIMENSIONS (dimension names are strings)"));
    }

    @Test
    void givenAnObjectOfStrings_thenNoDimensionProblem() {
        assertFalse(problems("{\"hosts\":\"Hosts\",\"calls\":\"Calls\"}").contains("METERING_DIMENSIONS"));
        assertFalse(problems("{\"hosts\":1,\"hosts\":\"Hosts\"}").contains("METERING_DIMENSIONS"),
                "a repeated name counts with its last value");
    }
}
