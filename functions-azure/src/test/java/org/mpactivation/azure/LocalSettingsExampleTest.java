package org.mpactivation.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mpactivation.azure.fulfillment.AzureFulfillmentSettings;
import org.mpactivation.azure.signin.EntraSignInSettings;

/**
 * {@code local.settings.json.example} names every app setting the Azure functions read, so that whoever
 * deploys sees them all in one place; the local-only switches are left out on purpose.
 */
class LocalSettingsExampleTest {

    private static final Set<String> LOCAL_ONLY = Set.of(AzureSettings.LOCAL_PLAIN_HTTP, AzureSettings.WEBHOOK_AUTH);

    @Test
    void givenTheExample_thenEverySettingTheFunctionsReadIsNamedAndNoLocalOnlySwitch() throws IOException {
        JsonNode values = new ObjectMapper().readTree(Files.readString(Path.of("..", "local.settings.json.example")))
                .get("Values");
        Set<String> named = new TreeSet<>();
        values.fieldNames().forEachRemaining(named::add);

        List<String> missing = new ArrayList<>();
        for (Class<?> settings : List.of(AzureSettings.class, AzureFulfillmentSettings.class,
                EntraSignInSettings.class)) {
            for (String setting : settingNames(settings)) {
                if (!LOCAL_ONLY.contains(setting) && !named.contains(setting)) {
                    missing.add(setting);
                }
            }
        }

        assertEquals(List.of(), missing, "settings missing from local.settings.json.example");
        LOCAL_ONLY.forEach(local -> assertTrue(!named.contains(local), local + " is for the local run only"));
        assertEquals("java", values.get("FUNCTIONS_WORKER_RUNTIME").asText());
    }

    /** The values of the class's public constants that name environment variables. */
    private static List<String> settingNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    String value = (String) field.get(null);
                    if (value.matches("[A-Z][A-Z0-9_]+")) {
                        names.add(value);
                    }
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return names;
    }
}
