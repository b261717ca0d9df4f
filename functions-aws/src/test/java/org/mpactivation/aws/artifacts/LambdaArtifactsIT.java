package org.mpactivation.aws.artifacts;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mpactivation.testkit.artifacts.DeployedArtifact;
import org.mpactivation.testkit.artifacts.FreshJvm;

/**
 * Runs after packaging ({@code mvn verify}): every function of {@code template.yaml} against the jar its
 * CodeUri names. Each jar stays within the size budget, carries no local-run emulation, no Apache HTTP
 * client and none of the libraries its function must not carry, keeps its services files and the
 * libraries it carries in part consistent, and its handler is constructed, and answers one sample event,
 * in a fresh JVM that sees that jar alone. No artifact carries the DynamoDB SDK: the store speaks DynamoDB
 * through the light client of {@code adapter.aws}.
 */
class LambdaArtifactsIT {

    /** Every Lambda artifact at most 15 MB (decimal): what a cold start downloads and opens. */
    static final long MAX_BYTES = 15_000_000L;

    private static final String SES = "software/amazon/awssdk/services/sesv2/";
    private static final String MAIL_API = "jakarta/mail/";
    private static final String ANGUS = "org/eclipse/angus/";
    private static final String SMTP = "org/eclipse/angus/mail/smtp/";
    private static final String SNS_MANAGER = "software/amazon/awssdk/messagemanager/sns/";
    private static final String SNS = "software/amazon/awssdk/services/sns/";
    private static final String APACHE = "org/apache/hc/";
    /** AWS Marketplace is called through the light JSON client: its SDK clients are in no artifact. */
    private static final String SDK_METERING = "software/amazon/awssdk/services/marketplacemetering/";
    private static final String SDK_ENTITLEMENT = "software/amazon/awssdk/services/marketplaceentitlement/";
    private static final String LIGHT_CLIENT = "org/mpactivation/adapter/aws/AwsJsonClient.class";
    private static final String METERING = "org/mpactivation/aws/metering/JsonAwsMetering.class";
    private static final String MARKETPLACE = "org/mpactivation/aws/JsonAwsMarketplace.class";
    private static final String PASSWORDS = "com/password4j/";
    private static final String PAGES = "gg/jte/runtime/";
    /** The store's light DynamoDB client (adapter.store on adapter.aws): no SDK class of DynamoDB's. */
    private static final String DYNAMODB = "org/mpactivation/adapter/store/DynamoDbItemStore";

    /**
     * Never in any Lambda artifact: the local run's stand-ins, other HTTP clients, unused mail stores, joda, the
     * API Gateway event classes, the DynamoDB and AWS Marketplace SDKs.
     */
    private static final List<String> NEVER = List.of(
            "org/mpactivation/aws/local/", "org/mpactivation/azure/local/", "org/joda/time/",
            "org/eclipse/angus/mail/imap/", "org/eclipse/angus/mail/pop3/", "org/eclipse/angus/mail/iap/",
            "org/apache/hc/client5/http/impl/", "org/apache/hc/client5/http/classic/",
            "org/apache/hc/core5/http/impl/", "org/apache/hc/core5/http2/", "org/apache/hc/core5/reactor/",
            "org/apache/http/", "io/netty/", "software/amazon/awssdk/http/apache", "software/amazon/awssdk/http/nio/",
            "software/amazon/awssdk/services/dynamodb/", "META-INF/versions/", "META-INF/maven/",
            // the HTTP functions read and write payload 2.0 with the streaming parser, not these classes
            "com/amazonaws/services/lambda/runtime/events/APIGatewayV2HTTP", SDK_METERING, SDK_ENTITLEMENT);

    /** What the SNS endpoint keeps of Apache HttpClient: the certificate host-name verifier and its helpers. */
    private static final List<String> APACHE_KEPT = List.of(
            "org/apache/hc/client5/http/ssl/", "org/apache/hc/client5/http/psl/",
            "org/apache/hc/client5/http/utils/DnsUtils", "org/apache/hc/core5/annotation/",
            "org/apache/hc/core5/util/", "org/apache/hc/core5/net/InetAddressUtils", "org/apache/hc/core5/http/");

    /** Libraries kept in part: their kept classes must find every class of theirs they name. */
    private static final List<String> KEPT_IN_PART = List.of(
            APACHE, SNS, ANGUS, "com/amazonaws/services/lambda/runtime/events/");

    private static final java.util.regex.Pattern CLIENT_INTERFACE = java.util.regex.Pattern.compile(
            "software/amazon/awssdk/services/\\w+/\\w+(Async)?Client -> ");

    private record Function(String handler, String sample, List<String> forbidden, List<String> required) {
    }

    private static final Map<String, Function> FUNCTIONS = Map.of(
            "org.mpactivation.aws.FulfillmentHandler", new Function("fulfillment", "fulfillment",
                    List.of(SES, MAIL_API, ANGUS, SNS_MANAGER, SNS, APACHE, PASSWORDS),
                    List.of(DYNAMODB, LIGHT_CLIENT, MARKETPLACE, PAGES)),
            "org.mpactivation.aws.ActivationHandler", new Function("activation", "activation",
                    List.of(SNS_MANAGER, SNS, APACHE),
                    List.of(DYNAMODB, SES, SMTP, MAIL_API, PASSWORDS, PAGES)),
            "org.mpactivation.aws.notify.NotificationQueueHandler", new Function("notification", "queue",
                    List.of(SES, MAIL_API, ANGUS, SNS_MANAGER, SNS, APACHE, PASSWORDS, PAGES),
                    List.of(DYNAMODB, LIGHT_CLIENT, MARKETPLACE)),
            "org.mpactivation.aws.notify.SnsEndpointHandler", new Function("sns-endpoint", "sns-endpoint",
                    List.of(SES, MAIL_API, ANGUS, PASSWORDS, PAGES),
                    List.of(DYNAMODB, LIGHT_CLIENT, MARKETPLACE, SNS_MANAGER,
                            "org/apache/hc/client5/http/ssl/DefaultHostnameVerifier.class")),
            "org.mpactivation.aws.UsageIntakeHandler", new Function("usage", "usage",
                    List.of(SES, MAIL_API, ANGUS, SNS_MANAGER, SNS, APACHE, PASSWORDS, PAGES),
                    List.of(DYNAMODB)),
            "org.mpactivation.aws.MeteringHandler", new Function("metering", "schedule",
                    List.of(SES, MAIL_API, ANGUS, SNS_MANAGER, SNS, APACHE, PASSWORDS, PAGES),
                    List.of(DYNAMODB, LIGHT_CLIENT, METERING)),
            "org.mpactivation.aws.RenewalHandler", new Function("renewal", "schedule",
                    List.of(SES, MAIL_API, ANGUS, SNS_MANAGER, SNS, APACHE, PASSWORDS, PAGES),
                    List.of(DYNAMODB, LIGHT_CLIENT, MARKETPLACE, METERING)),
            "org.mpactivation.aws.ReconciliationHandler", new Function("reconciliation", "schedule",
                    List.of(SES, MAIL_API, ANGUS, SNS_MANAGER, SNS, APACHE, PASSWORDS, PAGES),
                    List.of(DYNAMODB)));

    private final Path root = projectRoot();

    @TestFactory
    Stream<DynamicTest> eachFunctionOfTheTemplate() throws Exception {
        JsonNode template = new YAMLMapper().readTree(Files.readString(root.resolve("template.yaml")));
        List<DynamicTest> tests = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(resource -> {
            JsonNode properties = resource.getValue().path("Properties");
            if (!"AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                return;
            }
            String handler = properties.path("Handler").asText().replaceAll("::.*", "");
            tests.add(DynamicTest.dynamicTest(resource.getKey() + " (" + handler + ")",
                    () -> check(resource.getKey(), handler, properties, template)));
        });
        assertEquals(FUNCTIONS.size(), tests.size(), "one artifact check per function of the template");
        return tests.stream();
    }

    private void check(String id, String handler, JsonNode properties, JsonNode template) {
        Function function = FUNCTIONS.get(handler);
        if (function == null) {
            fail(handler + " has no entry here: name what its artifact must and must not carry");
        }
        Path jar = root.resolve(properties.path("CodeUri").asText());
        assertTrue(Files.isRegularFile(jar), jar + " (run mvn package)");
        assertTrue(jar.getFileName().toString().endsWith("-lambda-" + function.handler() + ".jar"),
                "the function's own artifact: " + jar.getFileName());
        DeployedArtifact artifact = DeployedArtifact.of(List.of(jar));
        System.out.printf("%s: %s, %,d bytes, %,d classes%n", id, jar.getFileName(), artifact.size(),
                artifact.classCount());

        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        checks.add(() -> assertTrue(artifact.size() <= MAX_BYTES, artifact.size() + " bytes"));
        checks.add(() -> assertTrue(artifact.hasClass(handler.replace('.', '/')), "the handler"));
        for (String prefix : NEVER) {
            checks.add(() -> assertEquals(List.of(), artifact.entriesUnder(prefix), "never deployed: " + prefix));
        }
        for (String prefix : function.forbidden()) {
            checks.add(() -> assertEquals(List.of(), artifact.entriesUnder(prefix), "not used here: " + prefix));
        }
        for (String prefix : function.required()) {
            checks.add(() -> assertFalse(artifact.entriesUnder(prefix).isEmpty(), "needed here: " + prefix));
        }
        checks.add(() -> assertFalse(artifact.entriesUnder(LIGHT_CLIENT).isEmpty(), "the store's client"));
        checks.add(() -> assertEquals(List.of(), artifact.entriesUnder(APACHE).stream()
                .filter(entry -> APACHE_KEPT.stream().noneMatch(entry::startsWith))
                .filter(entry -> !entry.startsWith("META-INF/")).toList(), "Apache HttpClient beyond the verifier"));
        checks.add(() -> assertEquals(List.of(), artifact.missingServiceProviders(), "META-INF/services"));
        // the SDK's services lose their paginators and waiters: only the client
        // interfaces' convenience methods may name what is gone, and no code here calls those
        checks.add(() -> assertEquals(List.of(), artifact.danglingReferencesWithin("software/amazon/awssdk/services/")
                .stream().filter(reference -> !CLIENT_INTERFACE.matcher(reference).lookingAt()).toList(),
                "SDK service classes"));
        for (String library : KEPT_IN_PART) {
            checks.add(() -> assertEquals(List.of(), artifact.danglingReferencesWithin(library), library));
        }
        checks.add(() -> probe(artifact, handler, function.sample(), environment(properties, template, null)));
        if (function.required().contains(SNS_MANAGER)) {
            checks.add(() -> probe(artifact, handler, List.of("sns-certificate", snsCertificate().toString()),
                    Map.of()));
        }
        if (function.required().contains(SES)) {
            checks.add(() -> probe(artifact, handler, "mail", environment(properties, template, "ses")));
            checks.add(() -> probe(artifact, handler, "mail", environment(properties, template, "smtp")));
        }
        assertAll(id, checks.stream());
    }

    private static void probe(DeployedArtifact artifact, String handler, String sample, Map<String, String> env) {
        probe(artifact, handler, List.of(sample), env);
    }

    private static void probe(DeployedArtifact artifact, String handler, List<String> sampleArguments,
                              Map<String, String> env) {
        String sample = sampleArguments.get(0);
        List<String> arguments = new ArrayList<>(List.of(handler));
        arguments.addAll(sampleArguments);
        FreshJvm.Outcome outcome = FreshJvm.run(artifact.jars(), HandlerProbe.class, env, arguments);
        System.out.printf("  probe %s %s: %s%n", sample, env.getOrDefault("MAIL_TRANSPORT", ""),
                outcome.output().lines().filter(line -> line.startsWith("constructed") || line.startsWith("primed")
                        || line.startsWith("answered")).toList());
        boolean handlerSample = !sample.equals("mail") && !sample.equals("sns-certificate");
        assertAll(sample,
                () -> assertEquals(0, outcome.exitCode(), outcome.output()),
                // every deployed handler primes for SnapStart, and priming links against its own artifact
                () -> assertTrue(!handlerSample || outcome.output().lines()
                        .anyMatch(line -> line.startsWith("primed {") && !line.equals("primed {}")), outcome.output()),
                () -> assertTrue(outcome.output().lines().anyMatch(line -> line.startsWith("answered ")),
                        outcome.output()));
    }

    /** A self-signed certificate for SNS's us-east-1 host, made with the JDK's keytool. */
    private static Path snsCertificate() throws Exception {
        Path dir = Files.createTempDirectory("sns-certificate");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path keyStore = dir.resolve("keys.p12");
        Path pem = dir.resolve("certificate.pem");
        run(keytool, "-genkeypair", "-alias", "sns", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=sns.us-east-1.amazonaws.com", "-ext", "san=dns:sns.us-east-1.amazonaws.com",
                "-keystore", keyStore.toString(), "-storepass", "probe-store");
        run(keytool, "-exportcert", "-rfc", "-alias", "sns", "-keystore", keyStore.toString(), "-storepass",
                "probe-store", "-file", pem.toString());
        return pem;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(process.waitFor(1, java.util.concurrent.TimeUnit.MINUTES), "keytool ended");
        assertEquals(0, process.exitValue(), String.join(" ", command));
    }

    /**
     * The function's variables from the template, with parameters at sample values and every endpoint, SMTP
     * server included, on a loopback port where nothing listens; plus what Lambda itself sets.
     */
    private static Map<String, String> environment(JsonNode properties, JsonNode template, String mailTransport) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIAPROBEPROBEPROBE0");
        env.put("AWS_SECRET_ACCESS_KEY", "probe-secret");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "probe");
        template.path("Globals").path("Function").path("Environment").path("Variables").fields()
                .forEachRemaining(variable -> put(env, variable.getKey(), variable.getValue()));
        properties.path("Environment").path("Variables").fields()
                .forEachRemaining(variable -> put(env, variable.getKey(), variable.getValue()));
        String unreachable = FreshJvm.unreachableEndpoint();
        env.replaceAll((name, value) -> name.endsWith("_ENDPOINT") ? unreachable : value);
        if (env.containsKey("SESSION_SECRET")) {
            byte[] key = new byte[48];
            new SecureRandom().nextBytes(key);
            env.put("SESSION_SECRET", Base64.getEncoder().encodeToString(key));
        }
        if (properties.path("Environment").path("Variables").has("SMTP_HOST")) {
            env.put("SMTP_HOST", "127.0.0.1");
            env.put("SMTP_PORT", unreachable.replaceAll(".*:", ""));
        }
        if (mailTransport != null) {
            env.put("MAIL_TRANSPORT", mailTransport);
        }
        return env;
    }

    private static void put(Map<String, String> env, String name, JsonNode value) {
        String resolved = resolve(value);
        if (resolved != null && !resolved.isEmpty()) {
            env.put(name, resolved);
        } else if (value.isTextual() || name.equals("SESSION_SECRET")) {
            env.put(name, value.asText());
        }
    }

    /** A literal, a parameter's sample value, or the first branch of a condition; else null (not set). */
    private static String resolve(JsonNode value) {
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            return SAMPLE_PARAMETERS.get(value.path("Ref").asText());
        }
        if (value.has("Fn::If")) {
            return resolve(value.path("Fn::If").path(1));
        }
        return null;
    }

    private static final Map<String, String> SAMPLE_PARAMETERS = Map.ofEntries(
            Map.entry("ActivationTable", "probe-table"),
            Map.entry("ProductCode", "probeproduct1"),
            Map.entry("MarketplacePartition", "aws"),
            Map.entry("MarketplaceRegion", "us-east-1"),
            Map.entry("ContractPricing", "false"),
            Map.entry("MailTransport", "ses"),
            Map.entry("MailFrom", "activation@example.com"),
            Map.entry("MailFromName", "Probe"),
            Map.entry("SmtpStartTls", "false"),
            Map.entry("MeteringDimensions",
                    JsonNodeFactory.instance.objectNode().put("api_calls", "ApiCalls").toString()),
            Map.entry("MeteringWindowHours", "6"),
            Map.entry("MeteringCallsPerSecond", "10"),
            Map.entry("RenewalEndingSoonDays", "30"),
            Map.entry("MetricsNamespace", "Probe"));

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("template.yaml not found in the working directory or above it");
        }
        return dir;
    }
}
