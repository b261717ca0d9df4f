package org.mpactivation.azure.artifacts;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mpactivation.testkit.artifacts.DeployedArtifact;
import org.mpactivation.testkit.artifacts.FreshJvm;

/**
 * Runs after packaging ({@code mvn verify}): the Function App that {@code mvn package} stages under
 * {@code target/azure-functions/}, as it would be deployed. Its jar and {@code lib/} carry no local-run
 * emulation and no Apache HTTP client, every {@code function.json} points at the staged jar, and the
 * functions' graph is built, and runs a timer, in a fresh JVM that sees the staged files alone (plus the
 * library the Functions worker provides).
 */
class AzureFunctionAppIT {

    /**
     * Above the Lambda artifacts' 15 MB: one Function App holds every Azure function, and the SES client,
     * Jackson and the Entra libraries alone come to about 13 MB. A budget, so growth is noticed.
     */
    static final long MAX_BYTES = 18_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path app = Path.of(System.getProperty("function.app.dir", "target/azure-functions/mp-activation"));

    @Test
    void givenTheStagedFunctionApp_thenItCarriesNoEmulationAndItsFunctionsStartFromItAlone() throws IOException {
        assertTrue(Files.isDirectory(app), app + " (run mvn package)");
        List<Path> functionJsons;
        try (Stream<Path> dirs = Files.list(app)) {
            functionJsons = dirs.map(dir -> dir.resolve("function.json")).filter(Files::isRegularFile).toList();
        }
        assertFalse(functionJsons.isEmpty(), "function.json files");
        Path jar = null;
        for (Path functionJson : functionJsons) {
            Path scriptFile = functionJson.getParent().resolve(JSON.readTree(functionJson.toFile())
                    .path("scriptFile").asText()).normalize();
            assertTrue(Files.isRegularFile(scriptFile), functionJson + ": " + scriptFile);
            jar = scriptFile;
        }
        List<Path> jars = new ArrayList<>(List.of(jar));
        try (Stream<Path> lib = Files.list(app.resolve("lib"))) {
            lib.filter(file -> file.toString().endsWith(".jar")).sorted().forEach(jars::add);
        }
        DeployedArtifact artifact = DeployedArtifact.of(jars);
        System.out.printf("Function App: %d jars, %,d bytes, %,d classes%n", jars.size(), artifact.size(),
                artifact.classCount());

        // the store speaks DynamoDB through the light client (adapter.aws): no DynamoDB SDK in lib/
        List<String> carries = List.of("org/mpactivation/azure/ActivationFunction.class",
                "org/mpactivation/azure/TimerFunctions.class", "org/mpactivation/adapter/store/DynamoDbItemStore",
                "org/mpactivation/adapter/aws/AwsJsonClient", "software/amazon/awssdk/services/sesv2/",
                "org/eclipse/angus/mail/smtp/", "com/nimbusds/jose/");
        // no OAuth SDK nor its JSON library: the Azure adapters write the OAuth messages themselves
        List<String> never = List.of("org/mpactivation/azure/local/", "org/mpactivation/aws/", "org/apache/hc/",
                "org/apache/http/", "io/netty/", "org/joda/time/", "com/microsoft/azure/functions/HttpRequestMessage",
                "com/nimbusds/oauth2/", "com/nimbusds/openid/", "net/minidev/", "software/amazon/awssdk/services/dynamodb/");
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        checks.add(() -> assertTrue(artifact.size() <= MAX_BYTES, artifact.size() + " bytes"));
        for (String prefix : never) {
            checks.add(() -> assertEquals(List.of(), artifact.entriesUnder(prefix), "never deployed: " + prefix));
        }
        for (String prefix : carries) {
            checks.add(() -> assertFalse(artifact.entriesUnder(prefix).isEmpty(), "needed: " + prefix));
        }
        checks.add(() -> assertEquals(List.of(), artifact.missingServiceProviders(), "META-INF/services"));
        List<Path> classPath = new ArrayList<>(jars);
        classPath.add(workerLibrary());
        checks.add(() -> probe(classPath, List.of(), null));
        checks.add(() -> probe(classPath, List.of("mail"), "ses"));
        checks.add(() -> probe(classPath, List.of("mail"), "smtp"));
        assertAll(checks.stream());
    }

    private void probe(List<Path> classPath, List<String> arguments, String mailTransport) throws IOException {
        FreshJvm.Outcome outcome = FreshJvm.run(classPath, FunctionAppProbe.class, appSettings(mailTransport),
                arguments);
        System.out.printf("  probe %s %s: %s%n", arguments, mailTransport == null ? "" : mailTransport,
                outcome.output().lines().filter(line -> line.startsWith("constructed") || line.startsWith("answered"))
                        .toList());
        assertAll(() -> assertEquals(0, outcome.exitCode(), outcome.output()),
                () -> assertTrue(outcome.output().lines().anyMatch(line -> line.startsWith("answered ")),
                        outcome.output()));
    }

    /**
     * The app settings of {@code local.settings.json.example} (what the README has the operator set), with
     * secrets and ids at sample values and every endpoint and authority on a loopback port where nothing
     * listens.
     */
    private Map<String, String> appSettings(String mailTransport) throws IOException {
        JsonNode values = JSON.readTree(projectRoot().resolve("local.settings.json.example").toFile()).path("Values");
        String unreachable = FreshJvm.unreachableEndpoint();
        Map<String, String> env = new LinkedHashMap<>();
        values.properties().forEach(setting -> env.put(setting.getKey(), setting.getValue().asText()));
        env.replaceAll((name, value) -> {
            if (name.endsWith("_URL") && !name.equals("PUBLIC_BASE_URL") || name.endsWith("_ENDPOINT")
                    || name.endsWith("_AUTHORITY")) {
                return unreachable;
            }
            if (name.endsWith("_TENANT_ID") || name.endsWith("_CLIENT_ID") || name.endsWith("_AUDIENCE")) {
                return "00000000-0000-4000-8000-000000000001";
            }
            return value.startsWith("@Microsoft.KeyVault") ? "probe-secret" : value;
        });
        byte[] key = new byte[48];
        new SecureRandom().nextBytes(key);
        env.put("SESSION_SECRET", Base64.getEncoder().encodeToString(key));
        env.remove("AWS_ROLE_ARN");
        env.remove("AWS_WEB_IDENTITY_TOKEN_FILE");
        env.put("AWS_ACCESS_KEY_ID", "AKIAPROBEPROBEPROBE0");
        env.put("AWS_SECRET_ACCESS_KEY", "probe-secret");
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", unreachable.replaceAll(".*:", ""));
        env.put("SMTP_STARTTLS", "false");
        env.put("SMTP_USERNAME", "");
        env.put("SMTP_PASSWORD", "");
        if (mailTransport != null) {
            env.put("MAIL_TRANSPORT", mailTransport);
        }
        env.values().removeIf(String::isEmpty);
        return env;
    }

    /** The worker's own library (the HTTP and context types), which the plugin leaves out of {@code lib/}. */
    private static Path workerLibrary() {
        try {
            return Path.of(ExecutionContext.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("local.settings.json.example"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "local.settings.json.example not found");
        return dir;
    }
}
