package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.web.AwsFulfillmentRoute;
import org.mpactivation.web.FormData;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebRequest;
import org.w3c.dom.Document;

/**
 * Reads {@code template.yaml} (AWS SAM) and the sample events under {@code events/} as data and holds
 * them to the code: the handler classes, the environment each function reads when it starts, least
 * privilege IAM, the table the store expects, the routes, and the events that {@code sam local}
 * replays. No SAM CLI or cfn-lint runs in this build, so this test is what keeps the template honest.
 */
class SamTemplateTest {

    private static final String FUNCTION = "AWS::Serverless::Function";
    private static final Object NO_VALUE = new Object();
    private static final Set<String> MARKETPLACE_ACTIONS =
            Set.of("aws-marketplace:ResolveCustomer", "aws-marketplace:GetEntitlements");
    /** The item operations DynamoDbItemStore performs; Scan is never one of them. */
    private static final Set<String> STORE_ACTIONS =
            Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query");
    /** Values for the parameters that have no default (a deployer must give them). */
    private static final Map<String, String> REQUIRED_PARAMETER_SAMPLES =
            Map.of("ProductCode", "prodcode1234567890abcdefg", "MailFrom", "activation@example.com");
    /** How each handler's no-arg constructor builds its router (they read System.getenv()). */
    private static final Map<Class<?>, Function<Map<String, String>, Router>> STARTUP = Map.of(
            FulfillmentHandler.class, env -> AwsFunctions.fulfillment(env).router(),
            ActivationHandler.class, env -> AwsFunctions.activationPages(env).router());
    /** What the routes of the HTTP API must reach. */
    private static final Map<String, Class<?>> ROUTES = Map.of(
            "POST " + AwsFulfillmentRoute.PATH, FulfillmentHandler.class,
            "GET /activate", ActivationHandler.class,
            "GET /activate/{proxy+}", ActivationHandler.class,
            "POST /activate/{proxy+}", ActivationHandler.class,
            "GET /healthz", ActivationHandler.class);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path root;
    /** The template without its comments (which may quote what the data must not contain). */
    private static String templateText;
    private static JsonNode template;

    @BeforeAll
    static void readTemplate() throws IOException {
        root = projectRoot();
        String text = Files.readString(root.resolve("template.yaml"));
        template = new YAMLMapper().readTree(text);
        templateText = text.replaceAll("(?m)(^|\\s)#.*$", "");
    }

    @Test
    void givenTheTemplate_thenItIsSamWrittenInTheLongFormOfTheIntrinsics() {
        assertEquals("AWS::Serverless-2016-10-31", template.path("Transform").asText());
        Matcher shortForm = Pattern.compile("(?m)(^|[\\s\\[{,:-])!(Ref|Sub|GetAtt|If|Join|Select|Split|Equals|Not|And|Or"
                + "|FindInMap|Base64|Condition|ImportValue|GetAZs|Cidr)\\b").matcher(templateText);
        assertFalse(shortForm.find(), () -> "a short-form tag that a plain YAML parser misreads: " + shortForm.group());
    }

    @Test
    void givenEachFunction_thenItsHandlerIsAPayload2RequestHandlerWithANoArgConstructor() throws Exception {
        Map<String, JsonNode> functions = resources(FUNCTION);
        assertEquals(Set.of(FulfillmentHandler.class, ActivationHandler.class),
                functions.values().stream().map(SamTemplateTest::handlerClass).collect(Collectors.toSet()));
        for (var function : functions.entrySet()) {
            String handler = function.getValue().path("Handler").asText();
            assertTrue(handler.endsWith("::handleRequest"), function.getKey() + " handler " + handler);
            Class<?> type = handlerClass(function.getValue());
            assertTrue(RequestHandler.class.isAssignableFrom(type), type + " implements RequestHandler");
            assertEquals(List.of(APIGatewayV2HTTPEvent.class, APIGatewayV2HTTPResponse.class), requestHandlerTypes(type),
                    type + " handles payload 2.0 events");
            assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()), type + " has a public no-arg constructor");
            Method handle = type.getMethod("handleRequest", APIGatewayV2HTTPEvent.class, Context.class);
            assertEquals(APIGatewayV2HTTPResponse.class, handle.getReturnType());
        }
    }

    @Test
    void givenEachFunction_thenJava21WithSnapStartOnTheAutoPublishedAliasAndTheShadedJar() throws Exception {
        String jar = "functions-aws/target/functions-aws-" + pomValue("/project/parent/version") + "-"
                + pomValue("//*[local-name()='shadedClassifierName']") + ".jar";
        JsonNode architectures = template.path("Parameters").path("Architecture").path("AllowedValues");
        assertTrue(Set.of("arm64", "x86_64").containsAll(texts(architectures)), "Lambda knows only arm64 and x86_64");
        for (var function : resources(FUNCTION).entrySet()) {
            JsonNode p = function.getValue();
            String id = function.getKey();
            assertAll(id,
                    () -> assertEquals("java21", p.path("Runtime").asText()),
                    () -> assertEquals("PublishedVersions", p.path("SnapStart").path("ApplyOn").asText()),
                    // SnapStart snapshots exist for published versions only: the alias is what routes use.
                    () -> assertFalse(p.path("AutoPublishAlias").asText().isBlank(), "AutoPublishAlias"),
                    () -> assertEquals(jar, p.path("CodeUri").asText(), "CodeUri is the jar that mvn package builds"),
                    () -> assertEquals("Architecture", p.path("Architectures").path(0).path("Ref").asText()),
                    () -> assertEquals(1, p.path("Architectures").size()),
                    () -> assertTrue(p.path("Timeout").asInt() > 10 && p.path("Timeout").asInt() <= 30,
                            "above the SDK call timeouts, within the HTTP API's 30 s"),
                    () -> assertTrue(p.path("MemorySize").asInt() >= 512, "memory for a JVM"));
        }
    }

    @Test
    void givenTheHttpApi_thenEveryRouteReachesTheRightHandlerWithPayload2() {
        Map<String, Class<?>> routes = new TreeMap<>();
        for (JsonNode function : resources(FUNCTION).values()) {
            for (JsonNode event : iterable(function.path("Events"))) {
                JsonNode p = event.path("Properties");
                assertEquals("HttpApi", event.path("Type").asText());
                assertEquals("AWS::Serverless::HttpApi", resourceType(p.path("ApiId").path("Ref").asText()));
                assertEquals("2.0", p.path("PayloadFormatVersion").asText());
                Class<?> previous = routes.put(p.path("Method").asText() + " " + p.path("Path").asText(),
                        handlerClass(function));
                assertEquals(null, previous, "one function per route");
            }
        }
        assertEquals(new TreeMap<>(ROUTES), routes);
        assertEquals("https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}" + AwsFulfillmentRoute.PATH,
                template.path("Outputs").path("FulfillmentUrl").path("Value").path("Fn::Sub").asText());
    }

    @Test
    void givenEveryParameterSet_thenEachFunctionStartsAndEveryVariableItGetsIsOneItReads() {
        Map<String, Set<String>> readSomewhere = new TreeMap<>();
        for (Map<String, String> scenario : scenarios()) {
            Stack stack = new Stack(scenario);
            for (var function : resources(FUNCTION).entrySet()) {
                Map<String, String> env = stack.environment(function.getValue());
                RecordingEnvironment recording = new RecordingEnvironment(lambdaRuntime(env));
                try {
                    STARTUP.get(handlerClass(function.getValue())).apply(recording);
                } catch (RuntimeException e) {
                    throw new AssertionError(function.getKey() + " does not start with " + scenario + ": " + e, e);
                }
                readSomewhere.computeIfAbsent(function.getKey(), k -> new TreeSet<>()).addAll(recording.read);
            }
        }
        for (var function : resources(FUNCTION).entrySet()) {
            Set<String> declared = new TreeSet<>(fieldNames(function.getValue().path("Environment").path("Variables")));
            declared.removeAll(readSomewhere.get(function.getKey()));
            assertEquals(Set.of(), declared, function.getKey() + " gets variables that no code reads");
        }
    }

    @Test
    void givenTheSecret_thenItIsGeneratedAsBase64OfAtLeast32BytesAndNeverAParameter() {
        Map<String, JsonNode> secrets = resources("AWS::SecretsManager::Secret");
        assertEquals(1, secrets.size());
        JsonNode generate = secrets.values().iterator().next().path("GenerateSecretString");
        int length = generate.path("PasswordLength").asInt();
        assertAll(
                () -> assertEquals(0, length % 4, "a whole number of base64 quanta"),
                () -> assertTrue(length / 4 * 3 >= 32, "at least 32 bytes once decoded"),
                () -> assertTrue(generate.path("ExcludePunctuation").asBoolean(), "only [A-Za-z0-9], all base64"),
                () -> assertFalse(generate.path("IncludeSpace").asBoolean(true), "no spaces"),
                () -> assertTrue(generate.path("SecretStringTemplate").isMissingNode(), "the whole string is the key"));
        for (var parameter : fields(template.path("Parameters")).entrySet()) {
            String name = parameter.getKey().toLowerCase();
            if (name.contains("password") || name.contains("secret")) {
                assertTrue(parameter.getValue().path("NoEcho").asBoolean(), parameter.getKey() + " is NoEcho");
            }
        }
    }

    @Test
    void givenTheRoles_thenNoWildcardActionsNoScanAndStarOnlyForTheMarketplace() {
        for (Map<String, String> scenario : scenarios()) {
            Stack stack = new Stack(scenario);
            for (var role : resources("AWS::IAM::Role").entrySet()) {
                for (Statement s : stack.statements(role.getValue())) {
                    assertAll(role.getKey() + " " + s,
                            () -> assertEquals("Allow", s.effect()),
                            () -> assertTrue(s.actions().stream().noneMatch(a -> a.contains("*")), "no wildcard action"),
                            () -> assertFalse(s.actions().contains("dynamodb:Scan"), "no Scan"),
                            () -> assertTrue(!s.resources().contains("*") || MARKETPLACE_ACTIONS.containsAll(s.actions()),
                                    "Resource * only for actions without resource-level permissions"),
                            () -> assertTrue(s.resources().stream().filter(r -> !r.equals("*"))
                                    .noneMatch(r -> r.contains("*")), "no wildcard in an ARN"));
                }
            }
        }
    }

    @Test
    void givenTheRoles_thenOnlyTheFulfillmentFunctionTalksToTheMarketplaceAndOnlyTheActivationFunctionMails() {
        for (Map<String, String> scenario : scenarios()) {
            Stack stack = new Stack(scenario);
            Set<String> fulfillment = actions(stack, roleOf(FulfillmentHandler.class));
            Set<String> activation = actions(stack, roleOf(ActivationHandler.class));
            boolean ses = scenario.get("MailTransport").equals("ses");
            assertAll(scenario.toString(),
                    () -> assertTrue(fulfillment.containsAll(MARKETPLACE_ACTIONS), "fulfillment resolves and reads"),
                    () -> assertTrue(activation.stream().noneMatch(a -> a.startsWith("aws-marketplace:")),
                            "the pages never call the Marketplace"),
                    () -> assertTrue(fulfillment.containsAll(STORE_ACTIONS) && activation.containsAll(STORE_ACTIONS),
                            "both use the store"),
                    () -> assertTrue(fulfillment.stream().noneMatch(a -> a.startsWith("ses:")), "fulfillment sends no mail"),
                    () -> assertEquals(ses, activation.contains("ses:SendEmail"), "SES only when it is the transport"));
        }
    }

    @Test
    void givenTheRoles_thenTheTableItsIndexAndTheSesIdentitiesAreTheOnlyResources() {
        String table = tableId();
        Set<String> tableArns = Set.of("getatt:" + table + ".Arn",
                "getatt:" + table + ".Arn/index/" + DynamoDbItemStore.INDEX_NAME);
        Map<String, String> scenario = scenario(Map.of("SesRegion", "eu-west-1", "SesConfigurationSet", "activation"));
        Stack stack = new Stack(scenario);
        for (var role : resources("AWS::IAM::Role").entrySet()) {
            for (Statement s : stack.statements(role.getValue())) {
                if (s.actions().stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
                    assertEquals(tableArns, Set.copyOf(s.resources()), role.getKey() + " table statement");
                }
                if (s.actions().contains("ses:SendEmail")) {
                    assertEquals(Set.of("arn:aws:ses:eu-west-1:123456789012:identity/activation@example.com",
                            "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
                            "arn:aws:ses:eu-west-1:123456789012:configuration-set/activation"), Set.copyOf(s.resources()));
                }
            }
        }
        Stack withoutSet = new Stack(scenario(Map.of()));
        Set<String> sesResources = withoutSet.statements(resources("AWS::IAM::Role").get(roleOf(ActivationHandler.class)))
                .stream().filter(s -> s.actions().contains("ses:SendEmail"))
                .flatMap(s -> s.resources().stream()).collect(Collectors.toSet());
        assertEquals(Set.of("arn:aws:ses:us-east-1:123456789012:identity/activation@example.com",
                "arn:aws:ses:us-east-1:123456789012:identity/example.com"), sesResources);
    }

    @Test
    void givenEachFunction_thenItWritesOnlyToItsOwnLogGroup() {
        Stack stack = new Stack(scenario(Map.of()));
        for (JsonNode function : resources(FUNCTION).values()) {
            String group = function.path("LoggingConfig").path("LogGroup").path("Ref").asText();
            assertEquals("AWS::Logs::LogGroup", resourceType(group));
            String role = function.path("Role").path("Fn::GetAtt").path(0).asText();
            List<Statement> logs = stack.statements(resources("AWS::IAM::Role").get(role)).stream()
                    .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("logs:"))).toList();
            assertEquals(1, logs.size());
            assertEquals(List.of("getatt:" + group + ".Arn"), logs.get(0).resources());
        }
    }

    @Test
    void givenTheTemplate_thenEveryArnIsPartitionAware() {
        Matcher arn = Pattern.compile("arn:(?!\\$\\{AWS::Partition})[^\"'\\s]*").matcher(templateText);
        assertFalse(arn.find(), () -> "an ARN with a fixed partition: " + arn.group());
    }

    @Test
    void givenTheTable_thenOnDemandWithPitrTtlEncryptionProtectionAndTheIndexTheStoreQueries() {
        JsonNode t = resources("AWS::DynamoDB::Table").get(tableId());
        JsonNode index = t.path("GlobalSecondaryIndexes").path(0);
        JsonNode protection = t.path("DeletionProtectionEnabled");
        assertAll(
                () -> assertEquals("Retain", template.path("Resources").path(tableId()).path("DeletionPolicy").asText()),
                () -> assertEquals("PAY_PER_REQUEST", t.path("BillingMode").asText()),
                () -> assertTrue(t.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean()),
                () -> assertEquals("ttl", t.path("TimeToLiveSpecification").path("AttributeName").asText()),
                () -> assertTrue(t.path("TimeToLiveSpecification").path("Enabled").asBoolean()),
                () -> assertTrue(t.path("SSESpecification").path("SSEEnabled").asBoolean()),
                () -> assertTrue(protection.asBoolean() || "true".equals(template.path("Parameters")
                        .path(protection.path("Ref").asText()).path("Default").asText()), "deletion protection on"),
                () -> assertEquals(Map.of("pk", "HASH", "sk", "RANGE"), keySchema(t.path("KeySchema"))),
                () -> assertEquals(1, t.path("GlobalSecondaryIndexes").size()),
                () -> assertEquals(DynamoDbItemStore.INDEX_NAME, index.path("IndexName").asText()),
                () -> assertEquals(Map.of("gsi1pk", "HASH", "gsi1sk", "RANGE"), keySchema(index.path("KeySchema"))),
                () -> assertEquals("ALL", index.path("Projection").path("ProjectionType").asText()),
                () -> assertEquals(Map.of("pk", "S", "sk", "S", "gsi1pk", "S", "gsi1sk", "S"),
                        stream(t.path("AttributeDefinitions")).collect(Collectors.toMap(
                                a -> a.path("AttributeName").asText(), a -> a.path("AttributeType").asText()))));
    }

    @Test
    void givenTheParameters_thenEveryDefaultAndSampleFitsItsOwnConstraints() {
        JsonNode partition = template.path("Parameters").path("MarketplacePartition");
        assertEquals(List.of("aws", "aws-cn"), texts(partition.path("AllowedValues")));
        for (Map<String, String> scenario : scenarios()) {
            new Stack(scenario);
        }
    }

    @Test
    void givenTheSampleEvents_thenEachIsAPayload2EventForARouteOfTheTemplate() throws IOException {
        Map<String, APIGatewayV2HTTPEvent> events = sampleEvents();
        assertTrue(events.keySet().containsAll(Set.of("fulfillment-post.json", "activation-get.json", "healthz-get.json")));
        for (var sample : events.entrySet()) {
            APIGatewayV2HTTPEvent e = sample.getValue();
            assertAll(sample.getKey(),
                    () -> assertEquals("2.0", e.getVersion()),
                    () -> assertTrue(ROUTES.containsKey(e.getRouteKey()), "route " + e.getRouteKey()),
                    () -> assertEquals(e.getRouteKey(), e.getRequestContext().getRouteKey()),
                    () -> assertEquals(e.getRawPath(), e.getRequestContext().getHttp().getPath()),
                    () -> assertEquals("$default", e.getRequestContext().getStage()));
        }
    }

    @Test
    void givenTheFulfillmentSample_thenItIsTheBuyersFormPostWithTheToken() throws IOException {
        APIGatewayV2HTTPEvent event = sampleEvents().get("fulfillment-post.json");
        WebRequest request = ApiGatewayHttp.toWebRequest(event);
        assertAll(
                () -> assertEquals(FulfillmentHandler.class, ROUTES.get(event.getRouteKey())),
                () -> assertEquals("POST", request.method()),
                () -> assertEquals(AwsFulfillmentRoute.PATH, request.path()),
                () -> assertTrue(event.getIsBase64Encoded(), "API Gateway base64-encodes the form body"),
                () -> assertEquals("application/x-www-form-urlencoded", request.header("content-type").orElseThrow()),
                () -> assertEquals(String.valueOf(request.body().length), request.header("content-length").orElseThrow()),
                () -> assertEquals("local+fake/registration=token",
                        FormData.parse(request.bodyText()).get("x-amzn-marketplace-token")));
    }

    @Test
    void givenTheActivationSamples_thenTheCookieArrivesAndHealthAnswersOkThroughTheHandler() throws IOException {
        WebRequest activate = ApiGatewayHttp.toWebRequest(sampleEvents().get("activation-get.json"));
        assertEquals("GET", activate.method());
        assertEquals("/activate", activate.path());
        assertTrue(activate.cookie("__Host-activation").isPresent(), "the session cookie, as a deployed stack names it");

        Map<String, String> env = lambdaRuntime(new Stack(scenario(Map.of())).environment(function(ActivationHandler.class)));
        APIGatewayV2HTTPResponse health = new ActivationHandler(STARTUP.get(ActivationHandler.class).apply(env))
                .handleRequest(sampleEvents().get("healthz-get.json"), null);
        assertEquals(200, health.getStatusCode());
        assertEquals("ok", health.getBody());
    }

    @Test
    void givenTheLocalEnvironmentFile_thenItOnlySetsDeclaredVariablesAndBothFunctionsStartWithIt() throws IOException {
        JsonNode local = JSON.readTree(root.resolve("events/env.json").toFile());
        assertEquals(resources(FUNCTION).keySet(), new TreeSet<>(fieldNames(local)), "one entry per function");
        Stack stack = new Stack(scenario(Map.of()));
        for (var function : resources(FUNCTION).entrySet()) {
            // What SAM sees with the default parameters: a variable under a false Fn::If is not there.
            Set<String> declared = stack.environment(function.getValue()).keySet();
            Map<String, String> overrides = new TreeMap<>();
            fields(local.path(function.getKey())).forEach((name, value) -> overrides.put(name, value.asText()));
            Set<String> undeclared = new TreeSet<>(overrides.keySet());
            undeclared.removeAll(declared);
            assertEquals(Set.of(), undeclared, function.getKey() + ": SAM ignores variables the template does not declare");

            Map<String, String> env = new HashMap<>(stack.environment(function.getValue()));
            env.putAll(overrides);
            STARTUP.get(handlerClass(function.getValue())).apply(lambdaRuntime(env));
        }
    }

    // --- reading the template ---------------------------------------------------------------

    private static Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new TreeMap<>();
        fields(template.path("Resources")).forEach((id, resource) -> {
            if (resource.path("Type").asText().equals(type)) {
                found.put(id, resource.path("Properties"));
            }
        });
        return found;
    }

    private static String resourceType(String id) {
        return template.path("Resources").path(id).path("Type").asText();
    }

    private static String tableId() {
        Map<String, JsonNode> tables = resources("AWS::DynamoDB::Table");
        assertEquals(1, tables.size(), "one table");
        return tables.keySet().iterator().next();
    }

    private static Class<?> handlerClass(JsonNode function) {
        String handler = function.path("Handler").asText();
        try {
            return Class.forName(handler.substring(0, handler.indexOf("::")));
        } catch (ClassNotFoundException | StringIndexOutOfBoundsException e) {
            throw new AssertionError("no handler class for " + handler, e);
        }
    }

    private static JsonNode function(Class<?> handler) {
        return resources(FUNCTION).values().stream().filter(f -> handlerClass(f).equals(handler)).findFirst()
                .orElseThrow(() -> new AssertionError("no function runs " + handler));
    }

    private static String roleOf(Class<?> handler) {
        JsonNode getAtt = function(handler).path("Role").path("Fn::GetAtt");
        assertEquals("Arn", getAtt.path(1).asText(), "the role comes from this template");
        return getAtt.path(0).asText();
    }

    private static Set<String> actions(Stack stack, String role) {
        return stack.statements(resources("AWS::IAM::Role").get(role)).stream()
                .flatMap(s -> s.actions().stream()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Type> requestHandlerTypes(Class<?> type) {
        for (Type implemented : type.getGenericInterfaces()) {
            if (implemented instanceof ParameterizedType p && p.getRawType().equals(RequestHandler.class)) {
                return List.of(p.getActualTypeArguments());
            }
        }
        return List.of();
    }

    private static Map<String, String> keySchema(JsonNode keys) {
        return stream(keys).collect(Collectors.toMap(k -> k.path("AttributeName").asText(), k -> k.path("KeyType").asText()));
    }

    private static String pomValue(String xpath) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        Document pom = factory.newDocumentBuilder().parse(root.resolve("functions-aws/pom.xml").toFile());
        String value = XPathFactory.newInstance().newXPath().evaluate(xpath, pom).strip();
        assertFalse(value.isEmpty(), xpath + " in functions-aws/pom.xml");
        return value;
    }

    private static Map<String, APIGatewayV2HTTPEvent> sampleEvents() throws IOException {
        Map<String, APIGatewayV2HTTPEvent> events = new TreeMap<>();
        try (Stream<Path> files = Files.list(root.resolve("events"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                if (!file.getFileName().toString().equals("env.json")) {
                    // Strict: a field the event class does not have is a typo in the sample.
                    events.put(file.getFileName().toString(), JSON.readValue(file.toFile(), APIGatewayV2HTTPEvent.class));
                }
            }
        }
        return events;
    }

    // --- parameter sets ---------------------------------------------------------------------

    /** Defaults, SMTP with a login, and the China partition with every optional value set. */
    private static List<Map<String, String>> scenarios() {
        return List.of(
                scenario(Map.of()),
                scenario(Map.of("MailTransport", "smtp", "SmtpHost", "smtp.example.com", "SmtpPort", "2525",
                        "SmtpUsername", "mailer", "SmtpPassword", " a pass word ", "SmtpStartTls", "false",
                        "MailFromName", "Activation", "Architecture", "x86_64")),
                scenario(Map.of("MarketplacePartition", "aws-cn", "MarketplaceRegion", "cn-northwest-1",
                        "ContractPricing", "true", "SesRegion", "cn-northwest-1", "SesConfigurationSet", "activation",
                        "Sites", "[{\"id\":\"cn\",\"nameEn\":\"China site\",\"nameZh\":\"中国站\","
                                + "\"consoleLoginUrl\":\"https://console.example.cn/login\"}]",
                        "TableDeletionProtection", "false")));
    }

    private static Map<String, String> scenario(Map<String, String> overrides) {
        Map<String, String> values = new TreeMap<>();
        fields(template.path("Parameters")).forEach((name, parameter) -> {
            if (parameter.has("Default")) {
                values.put(name, parameter.path("Default").asText());
            } else {
                String sample = REQUIRED_PARAMETER_SAMPLES.get(name);
                assertNotNull(sample, "no sample value for the required parameter " + name);
                values.put(name, sample);
            }
        });
        values.putAll(overrides);
        return values;
    }

    /** What the Lambda runtime adds to a function's own variables, as far as this code reads them. */
    private static Map<String, String> lambdaRuntime(Map<String, String> env) {
        Map<String, String> withRuntime = new HashMap<>(env);
        withRuntime.put("AWS_REGION", "us-east-1");
        return withRuntime;
    }

    // --- a small stand-in for CloudFormation --------------------------------------------------

    record Statement(String effect, List<String> actions, List<String> resources) {
    }

    /**
     * Resolves the intrinsic functions the template uses for one set of parameter values, as
     * CloudFormation would: conditions, Fn::If (and AWS::NoValue), Ref, Fn::Sub, Fn::Select,
     * Fn::Split, Fn::Join, and Secrets Manager dynamic references (to a value shaped like the one
     * the secret's GenerateSecretString makes). Attributes resolve to "getatt:Id.Attr".
     */
    private static final class Stack {
        private static final Map<String, String> PSEUDO = Map.of("AWS::Region", "us-east-1", "AWS::Partition", "aws",
                "AWS::AccountId", "123456789012", "AWS::StackName", "marketplace-activation",
                "AWS::URLSuffix", "amazonaws.com");
        private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
        private static final Pattern SECRET = Pattern.compile("\\{\\{resolve:secretsmanager:([A-Za-z0-9]+):SecretString}}");

        private final Map<String, String> parameters;
        private final Map<String, String> secrets = new HashMap<>();

        Stack(Map<String, String> parameters) {
            this.parameters = parameters;
            parameters.forEach((name, value) -> {
                JsonNode declared = template.path("Parameters").path(name);
                assertFalse(declared.isMissingNode(), "unknown parameter " + name);
                if (declared.has("AllowedValues")) {
                    assertTrue(texts(declared.path("AllowedValues")).contains(value), name + "=" + value);
                }
                if (declared.has("AllowedPattern")) {
                    assertTrue(Pattern.compile(declared.path("AllowedPattern").asText()).matcher(value).matches(),
                            name + "=" + value + " against " + declared.path("AllowedPattern").asText());
                }
            });
        }

        Map<String, String> environment(JsonNode function) {
            Object variables = resolve(function.path("Environment").path("Variables"));
            Map<String, String> env = new TreeMap<>();
            ((Map<?, ?>) variables).forEach((name, value) -> env.put((String) name, (String) value));
            return env;
        }

        List<Statement> statements(JsonNode role) {
            List<Statement> statements = new ArrayList<>();
            for (Object policy : (List<?>) resolve(role.path("Policies"))) {
                Map<?, ?> document = (Map<?, ?>) ((Map<?, ?>) policy).get("PolicyDocument");
                for (Object s : (List<?>) document.get("Statement")) {
                    Map<?, ?> statement = (Map<?, ?>) s;
                    assertFalse(statement.containsKey("NotAction") || statement.containsKey("NotResource"), "" + s);
                    statements.add(new Statement((String) statement.get("Effect"), strings(statement.get("Action")),
                            strings(statement.get("Resource"))));
                }
            }
            return statements;
        }

        Object resolve(JsonNode node) {
            if (node.isObject() && node.size() == 1) {
                String key = node.fieldNames().next();
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    return intrinsic(key, node.path(key));
                }
            }
            if (node.isObject()) {
                Map<String, Object> map = new LinkedHashMap<>();
                fields(node).forEach((name, value) -> {
                    Object resolved = resolve(value);
                    if (resolved != NO_VALUE) {
                        map.put(name, resolved);
                    }
                });
                return map;
            }
            if (node.isArray()) {
                List<Object> list = new ArrayList<>();
                for (JsonNode item : node) {
                    Object resolved = resolve(item);
                    if (resolved != NO_VALUE) {
                        list.add(resolved);
                    }
                }
                return list;
            }
            return node.asText();
        }

        private Object intrinsic(String function, JsonNode args) {
            return switch (function) {
                case "Ref" -> ref(args.asText());
                case "Fn::If" -> resolve(args.path(condition(args.path(0).asText()) ? 1 : 2));
                case "Fn::Sub" -> sub(args);
                case "Fn::GetAtt" -> "getatt:" + (args.isArray() ? args.path(0).asText() + "." + args.path(1).asText()
                        : args.asText());
                case "Fn::Select" -> ((List<?>) resolve(args.path(1))).get(Integer.parseInt((String) resolve(args.path(0))));
                case "Fn::Split" -> List.of(((String) resolve(args.path(1))).split(Pattern.quote(args.path(0).asText()), -1));
                case "Fn::Join" -> ((List<?>) resolve(args.path(1))).stream().map(String.class::cast)
                        .collect(Collectors.joining(args.path(0).asText()));
                default -> throw new AssertionError("the test does not know " + function + ": teach Stack");
            };
        }

        private Object ref(String name) {
            if (name.equals("AWS::NoValue")) {
                return NO_VALUE;
            }
            if (PSEUDO.containsKey(name)) {
                return PSEUDO.get(name);
            }
            if (parameters.containsKey(name)) {
                return parameters.get(name);
            }
            assertTrue(template.path("Resources").has(name), "Ref to nothing: " + name);
            return name;
        }

        private String sub(JsonNode args) {
            String text = args.isArray() ? args.path(0).asText() : args.asText();
            Map<String, Object> variables = new HashMap<>();
            if (args.isArray()) {
                fields(args.path(1)).forEach((name, value) -> variables.put(name, resolve(value)));
            }
            Matcher m = VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                Object value = variables.containsKey(name) ? variables.get(name)
                        : name.contains(".") && !name.startsWith("AWS::") ? "getatt:" + name : ref(name);
                m.appendReplacement(out, Matcher.quoteReplacement((String) value));
            }
            m.appendTail(out);
            String substituted = out.toString().replace("${!", "${");
            Matcher secret = SECRET.matcher(substituted);
            return secret.matches() ? secrets.computeIfAbsent(secret.group(1), Stack::generatedSecret) : substituted;
        }

        private boolean condition(String name) {
            JsonNode definition = template.path("Conditions").path(name);
            assertFalse(definition.isMissingNode(), "unknown condition " + name);
            return evaluate(definition);
        }

        private boolean evaluate(JsonNode c) {
            String function = c.fieldNames().next();
            JsonNode args = c.path(function);
            return switch (function) {
                case "Fn::Equals" -> resolve(args.path(0)).equals(resolve(args.path(1)));
                case "Fn::Not" -> !evaluate(args.path(0));
                case "Fn::And" -> stream(args).allMatch(this::evaluate);
                case "Fn::Or" -> stream(args).anyMatch(this::evaluate);
                case "Condition" -> condition(args.asText());
                default -> throw new AssertionError("the test does not know " + function + " in a condition");
            };
        }

        /** A value shaped like what the secret's GenerateSecretString would make. */
        private static String generatedSecret(String id) {
            JsonNode generate = template.path("Resources").path(id).path("Properties").path("GenerateSecretString");
            assertFalse(generate.isMissingNode(), id + " is a generated secret");
            StringBuilder alphabet = new StringBuilder("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
            if (!generate.path("ExcludePunctuation").asBoolean()) {
                alphabet.append("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
            }
            if (generate.path("IncludeSpace").asBoolean()) {
                alphabet.append(' ');
            }
            Random random = new Random(42);
            StringBuilder secret = new StringBuilder();
            for (int i = 0; i < generate.path("PasswordLength").asInt(32); i++) {
                secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return secret.toString();
        }

        private static List<String> strings(Object value) {
            return value instanceof List<?> list ? list.stream().map(String.class::cast).toList()
                    : value == null ? List.of() : List.of((String) value);
        }
    }

    /** The environment a handler reads at start, remembering every name it asks for. */
    private static final class RecordingEnvironment extends AbstractMap<String, String> {
        private final Map<String, String> values;
        private final Set<String> read = new TreeSet<>();

        RecordingEnvironment(Map<String, String> values) {
            this.values = Map.copyOf(values);
        }

        @Override
        public String get(Object key) {
            read.add((String) key);
            return values.get(key);
        }

        @Override
        public String getOrDefault(Object key, String defaultValue) {
            read.add((String) key);
            return values.getOrDefault(key, defaultValue);
        }

        @Override
        public boolean containsKey(Object key) {
            read.add((String) key);
            return values.containsKey(key);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return Collections.unmodifiableMap(values).entrySet();
        }
    }

    // --- JSON helpers -----------------------------------------------------------------------

    private static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        node.properties().forEach(field -> fields.put(field.getKey(), field.getValue()));
        return fields;
    }

    private static Set<String> fieldNames(JsonNode node) {
        return fields(node).keySet();
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return fields(node).values();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static List<String> texts(JsonNode array) {
        return stream(array).map(JsonNode::asText).toList();
    }

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
