package org.mpactivation.aws;

import org.mpactivation.port.out.Metrics;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.HourlyMetering;
import org.mpactivation.application.Reconciliation;
import org.mpactivation.aws.notify.AwsNoticeParser;
import org.mpactivation.aws.notify.NotificationQueueHandler;
import org.mpactivation.config.StartupWarmup;
import org.mpactivation.aws.notify.NotificationTopics;
import org.mpactivation.aws.notify.ParsedNotice;
import org.mpactivation.aws.notify.SnsEndpointHandler;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceNotice;
import org.mpactivation.port.in.NoticeReceiver;
import org.mpactivation.web.AwsFulfillmentRoute;
import org.mpactivation.web.FormData;
import org.mpactivation.web.UsageRoute;
import org.mpactivation.web.WebRequest;
import org.w3c.dom.Document;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Reads {@code template.yaml} (AWS SAM) and the sample events under {@code events/} as data and holds
 * them to the code: the handler classes and their event types, the environment each function reads
 * when it starts, least privilege IAM, the table the store expects, the routes and their
 * authorization, the notification queue with its dead-letter queue, policies and subscriptions, the
 * EventBridge rule, the schedules, and the events that {@code sam local} replays. No SAM CLI or
 * cfn-lint runs in this build, so this test is what keeps the template honest.
 */
class SamTemplateTest {

    private static final String FUNCTION = "AWS::Serverless::Function";
    private static final Object NO_VALUE = new Object();

    private static final String RESOLVE = "aws-marketplace:ResolveCustomer";
    private static final String ENTITLEMENTS = "aws-marketplace:GetEntitlements";
    private static final String METER = "aws-marketplace:BatchMeterUsage";
    /** The Marketplace actions: none supports resource-level permissions, so Resource is "*". */
    private static final Set<String> MARKETPLACE_ACTIONS = Set.of(RESOLVE, ENTITLEMENTS, METER);
    /** What DynamoDbItemStore does for the repositories that never delete (Scan never, UpdateItem never). */
    private static final Set<String> STORE_ACTIONS = Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query");
    /** The page functions also delete (accounts). */
    private static final Set<String> STORE_ACTIONS_WITH_DELETE = Set.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:DeleteItem", "dynamodb:Query");
    /** What Lambda needs to poll an SQS queue for a function. */
    private static final Set<String> SQS_POLLING = Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage",
            "sqs:GetQueueAttributes");
    /** Every action each function's role must have, no more (logs and SES are checked on their own). */
    private static final Map<Class<?>, Set<String>> ACTIONS = Map.of(
            FulfillmentHandler.class, union(STORE_ACTIONS_WITH_DELETE, Set.of(RESOLVE, ENTITLEMENTS)),
            ActivationHandler.class, STORE_ACTIONS_WITH_DELETE,
            NotificationQueueHandler.class, union(STORE_ACTIONS, SQS_POLLING, Set.of(ENTITLEMENTS)),
            SnsEndpointHandler.class, union(STORE_ACTIONS, Set.of(ENTITLEMENTS)),
            UsageIntakeHandler.class, STORE_ACTIONS,
            MeteringHandler.class, union(STORE_ACTIONS, Set.of(METER)),
            RenewalHandler.class, union(STORE_ACTIONS, Set.of(ENTITLEMENTS)),
            ReconciliationHandler.class, STORE_ACTIONS);

    /** API Gateway's payload 2.0 as JSON bytes, read and written by HttpApiEvents (a RequestStreamHandler). */
    private static final String HTTP = "payload 2.0 JSON stream";
    private static final String SCHEDULED = "java.util.Map<java.lang.String, java.lang.Object> -> "
            + "java.util.Map<java.lang.String, java.lang.Integer>";
    /** The RequestHandler type arguments of each handler, as the Lambda runtime will deserialize; or HTTP. */
    private static final Map<Class<?>, String> HANDLER_TYPES = Map.of(
            FulfillmentHandler.class, HTTP,
            ActivationHandler.class, HTTP,
            SnsEndpointHandler.class, HTTP,
            UsageIntakeHandler.class, HTTP,
            NotificationQueueHandler.class, SQSEvent.class.getTypeName() + " -> " + SQSBatchResponse.class.getTypeName(),
            MeteringHandler.class, SCHEDULED,
            RenewalHandler.class, SCHEDULED,
            ReconciliationHandler.class, SCHEDULED);

    /** Values for the parameters that have no default (a deployer must give them). */
    private static final Map<String, String> REQUIRED_PARAMETER_SAMPLES =
            Map.of("ProductCode", "prodcode1234567890abcdefg", "MailFrom", "activation@example.com");
    /**
     * What each handler's no-arg constructor does with System.getenv(): the same calls, here given a
     * recording environment.
     */
    private static final Map<Class<?>, Consumer<Map<String, String>>> STARTUP = Map.of(
            FulfillmentHandler.class, env -> AwsFunctions.fulfillment(env).router(),
            ActivationHandler.class, env -> AwsFunctions.activationPages(env).router(),
            NotificationQueueHandler.class, env -> {
                AwsFunctions.noticeReceiver(env);
                AwsNoticeParser.fromEnvironment(env);
            },
            SnsEndpointHandler.class, env -> {
                AwsNoticeParser parser = AwsNoticeParser.fromEnvironment(env);
                AwsFunctions.noticeReceiver(env);
                try (SdkHttpClient http = UrlConnectionHttpClient.create()) {
                    SnsEndpointHandler.verifier(parser.topics(), http);
                }
            },
            UsageIntakeHandler.class, AwsFunctions::usageRouter,
            MeteringHandler.class, AwsFunctions::hourlyMetering,
            RenewalHandler.class, AwsFunctions::renewalCheck,
            ReconciliationHandler.class, AwsFunctions::reconciliation);
    /** What the routes of the HTTP API must reach. */
    private static final Map<String, Class<?>> ROUTES = Map.of(
            "POST " + AwsFulfillmentRoute.PATH, FulfillmentHandler.class,
            "GET /activate", ActivationHandler.class,
            "GET /activate/{proxy+}", ActivationHandler.class,
            "POST /activate/{proxy+}", ActivationHandler.class,
            "GET /healthz", ActivationHandler.class,
            "POST /aws/sns", SnsEndpointHandler.class,
            "POST " + UsageRoute.PATH, UsageIntakeHandler.class);
    /** The routes only IAM principals with execute-api:Invoke may call; all others are public. */
    private static final Set<String> IAM_ROUTES = Set.of("POST " + UsageRoute.PATH);
    private static final String DETAIL_TYPE_SUFFIXES = " - Manufacturer| - Proposer";
    private static final List<String> AGREEMENT_EVENTS = List.of("Purchase Agreement Created",
            "Purchase Agreement Amended", "Purchase Agreement Ended", "License Updated", "License Deprovisioned");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reads the SQS event shape through its setters (Records, eventSourceARN), strict about the rest. */
    private static final ObjectMapper SQS_JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES).build();
    private static Path root;
    private static JsonNode template;

    @BeforeAll
    static void readTemplate() throws IOException {
        root = projectRoot();
        template = new YAMLMapper().readTree(Files.readString(root.resolve("template.yaml")));
    }

    // --- handlers, runtime ---------------------------------------------------------------------

    @Test
    void givenTheTemplate_thenItIsSamWrittenInTheLongFormOfTheIntrinsics() throws IOException {
        assertEquals("AWS::Serverless-2016-10-31", template.path("Transform").asText());
        String text = Files.readString(root.resolve("template.yaml")).replaceAll("(?m)(^|\\s)#.*$", "");
        Matcher shortForm = Pattern.compile("(?m)(^|[\\s\\[{,:-])!(Ref|Sub|GetAtt|If|Join|Select|Split|Equals|Not|And|Or"
                + "|FindInMap|Base64|Condition|ImportValue|GetAZs|Cidr)\\b").matcher(text);
        assertFalse(shortForm.find(), () -> "a short-form tag that a plain YAML parser misreads: " + shortForm.group());
    }

    @Test
    void givenEachFunction_thenItsHandlerTakesItsEventTypeOrTheHttpStreamWithANoArgConstructor() throws Exception {
        Map<String, JsonNode> functions = resources(FUNCTION);
        assertEquals(HANDLER_TYPES.keySet(),
                functions.values().stream().map(SamTemplateTest::handlerClass).collect(Collectors.toSet()),
                "one function per handler");
        for (var function : functions.entrySet()) {
            String handler = function.getValue().path("Handler").asText();
            assertTrue(handler.endsWith("::handleRequest"), function.getKey() + " handler " + handler);
            Class<?> type = handlerClass(function.getValue());
            assertTrue(Modifier.isPublic(type.getModifiers()), type + " is public");
            if (HANDLER_TYPES.get(type).equals(HTTP)) {
                // the runtime hands the event's bytes over unmapped: no data-binding mapper at a cold start
                assertTrue(RequestStreamHandler.class.isAssignableFrom(type), type + " implements RequestStreamHandler");
                assertFalse(RequestHandler.class.isAssignableFrom(type), type + " is no RequestHandler as well");
                Method handle = type.getMethod("handleRequest", InputStream.class, OutputStream.class, Context.class);
                assertEquals(void.class, handle.getReturnType());
            } else {
                assertTrue(RequestHandler.class.isAssignableFrom(type), type + " implements RequestHandler");
                List<Type> types = requestHandlerTypes(type);
                assertEquals(HANDLER_TYPES.get(type), types.get(0).getTypeName() + " -> "
                        + types.get(1).getTypeName(), type + " handles the events of its trigger");
                Method handle = type.getMethod("handleRequest", rawClass(types.get(0)), Context.class);
                assertEquals(rawClass(types.get(1)), handle.getReturnType());
            }
            assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()), type + " has a public no-arg constructor");
        }
    }

    @Test
    void givenEachFunction_thenItsHandlerStartsTheJdkWarmUpFirstThingInItsStaticInitializer() {
        for (JsonNode function : resources(FUNCTION).values()) {
            JavaClass handler = new ClassFileImporter().importClass(handlerClass(function));
            List<JavaMethodCall> calls = handler.getStaticInitializer()
                    .map(init -> init.getMethodCallsFromSelf().stream()
                            .sorted(java.util.Comparator.comparingInt(JavaMethodCall::getLineNumber)).toList())
                    .orElse(List.of());
            assertFalse(calls.isEmpty(), handler.getName() + " has no static initializer");
            JavaMethodCall first = calls.get(0);
            assertEquals(StartupWarmup.class.getName() + ".begin", first.getTargetOwner().getName() + "."
                    + first.getName(), handler.getName() + "'s static initializer starts with the warm-up");
        }
    }

    @Test
    void givenEachFunction_thenJava21WithSnapStartOnTheAutoPublishedAliasAndTheShadedJar() throws Exception {
        String version = pomValue("/project/parent/version");
        Set<String> jars = pomValues("//*[local-name()='shadedClassifierName']").stream()
                .map(classifier -> "functions-aws/target/functions-aws-" + version + "-" + classifier + ".jar")
                .collect(java.util.stream.Collectors.toSet());
        JsonNode architectures = template.path("Parameters").path("Architecture").path("AllowedValues");
        assertTrue(Set.of("arm64", "x86_64").containsAll(texts(architectures)), "Lambda knows only arm64 and x86_64");
        for (var function : resources(FUNCTION).entrySet()) {
            JsonNode p = function.getValue();
            String id = function.getKey();
            int timeout = p.path("Timeout").asInt();
            boolean http = events(p, "HttpApi").findAny().isPresent();
            assertAll(id,
                    () -> assertEquals("java21", p.path("Runtime").asText()),
                    // The same for every function: the scheduled and queue functions start cold as often
                    // as the HTTP ones, and a restore replaces the JVM and SDK start-up there too.
                    () -> assertEquals("PublishedVersions", p.path("SnapStart").path("ApplyOn").asText()),
                    // SnapStart snapshots exist for published versions only: the alias is what triggers use.
                    () -> assertFalse(p.path("AutoPublishAlias").asText().isBlank(), "AutoPublishAlias"),
                    () -> assertTrue(jars.contains(p.path("CodeUri").asText()), "CodeUri is a jar that mvn package builds"),
                    () -> assertEquals("Architecture", p.path("Architectures").path(0).path("Ref").asText()),
                    () -> assertEquals(1, p.path("Architectures").size()),
                    () -> assertTrue(timeout > 10, "above the SDK call timeouts"),
                    () -> assertTrue(!http || timeout <= 30, "an HTTP function ends within the HTTP API's 30 s"),
                    () -> assertTrue(timeout <= 900, "Lambda's maximum"),
                    () -> assertTrue(p.path("MemorySize").asInt() >= 512, "memory for a JVM"),
                    () -> assertFalse(p.has("ProvisionedConcurrencyConfig"), "SnapStart excludes provisioned concurrency"),
                    () -> assertEquals(1, stream(p.path("Events")).map(e -> e.path("Type").asText()).distinct().count(),
                            "one kind of trigger per function"));
        }
    }

    // --- routes ------------------------------------------------------------------------------

    @Test
    void givenTheHttpApi_thenEveryRouteReachesTheRightHandlerWithPayload2AndOnlyUsageNeedsIam() {
        Map<String, Class<?>> routes = new TreeMap<>();
        Set<String> iamRoutes = new TreeSet<>();
        for (JsonNode function : resources(FUNCTION).values()) {
            events(function, "HttpApi").forEach(p -> {
                assertEquals("AWS::Serverless::HttpApi", resourceType(p.path("ApiId").path("Ref").asText()));
                assertEquals("2.0", p.path("PayloadFormatVersion").asText());
                String route = p.path("Method").asText() + " " + p.path("Path").asText();
                assertEquals(null, routes.put(route, handlerClass(function)), "one function per route");
                String authorizer = p.path("Auth").path("Authorizer").asText("");
                if (!authorizer.isEmpty()) {
                    assertEquals("AWS_IAM", authorizer, route);
                    iamRoutes.add(route);
                }
            });
            for (JsonNode event : iterable(function.path("Events"))) {
                assertTrue(Set.of("HttpApi", "SQS", "Schedule").contains(event.path("Type").asText()),
                        "known trigger " + event.path("Type").asText());
            }
        }
        JsonNode auth = resources("AWS::Serverless::HttpApi").get("HttpApi").path("Auth");
        assertAll(
                () -> assertEquals(new TreeMap<>(ROUTES), routes),
                () -> assertEquals(IAM_ROUTES, iamRoutes, "the usage route, and only it, requires SigV4"),
                () -> assertTrue(auth.path("EnableIamAuthorizer").asBoolean(), "SAM's AWS_IAM authorizer is enabled"),
                () -> assertTrue(auth.path("DefaultAuthorizer").isMissingNode(), "buyers' pages stay public"),
                () -> assertEquals("https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}" + AwsFulfillmentRoute.PATH,
                        template.path("Outputs").path("FulfillmentUrl").path("Value").path("Fn::Sub").asText()),
                () -> assertEquals("https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}" + UsageRoute.PATH,
                        template.path("Outputs").path("UsageEndpointUrl").path("Value").path("Fn::Sub").asText()));
    }

    @Test
    void givenTheUsageRoute_thenTheOutputIsAnInvokeStatementForExactlyThatRoute() throws IOException {
        Stack stack = new Stack(scenario(Map.of()));
        JsonNode statement = JSON.readTree((String) stack.output("UsageReporterPolicyStatement"));
        assertAll(
                () -> assertEquals("Allow", statement.path("Effect").asText()),
                () -> assertEquals("execute-api:Invoke", statement.path("Action").asText()),
                () -> assertEquals("arn:aws:execute-api:us-east-1:123456789012:HttpApi/$default/POST" + UsageRoute.PATH,
                        statement.path("Resource").asText(), "API id / stage / method / path, no wildcard"),
                () -> assertEquals(Set.of("Effect", "Action", "Resource"), fieldNames(statement)));
    }

    @Test
    void givenTheSnsEndpoint_thenItExistsOnlyWhenEnabledWithItsRoleAndLogGroup() {
        JsonNode resources = template.path("Resources");
        String function = functionId(SnsEndpointHandler.class);
        String role = roleOf(SnsEndpointHandler.class);
        String logs = function(SnsEndpointHandler.class).path("LoggingConfig").path("LogGroup").path("Ref").asText();
        for (String id : List.of(function, role, logs)) {
            assertEquals("EnablesSnsHttpsEndpoint", resources.path(id).path("Condition").asText(), id);
        }
        assertEquals("false", template.path("Parameters").path("EnableSnsHttpsEndpoint").path("Default").asText(),
                "the queue is the recommended path");
        assertFalse(new Stack(scenario(Map.of())).exists(function));
        assertTrue(new Stack(scenario(Map.of("EnableSnsHttpsEndpoint", "true"))).exists(function));
        assertEquals("EnablesSnsHttpsEndpoint", template.path("Outputs").path("SnsEndpointUrl").path("Condition").asText());
    }

    // --- environment ---------------------------------------------------------------------------

    @Test
    void givenEveryParameterSet_thenEachFunctionStartsAndEveryVariableItGetsIsOneItReads() {
        Map<String, Set<String>> readSomewhere = new TreeMap<>();
        for (Map<String, String> scenario : scenarios()) {
            Stack stack = new Stack(scenario);
            for (var function : resources(FUNCTION).entrySet()) {
                Map<String, String> env = stack.environment(function.getValue());
                RecordingEnvironment recording = new RecordingEnvironment(stack.lambdaRuntime(env));
                try {
                    STARTUP.get(handlerClass(function.getValue())).accept(recording);
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
    void givenTheSettingsParameters_thenEachReachesTheFunctionsThatUseIt() {
        Map<String, String> overrides = Map.of("MeteringDimensions", "{\"api_calls\":\"ApiCalls\"}",
                "MeteringWindowHours", "4", "MeteringCallsPerSecond", "3", "RenewalEndingSoonDays", "45");
        Stack stack = new Stack(scenario(overrides));
        AwsSettings usage = settings(stack, UsageIntakeHandler.class);
        AwsSettings metering = settings(stack, MeteringHandler.class);
        AwsSettings renewal = settings(stack, RenewalHandler.class);
        AwsSettings reconciliation = settings(stack, ReconciliationHandler.class);
        assertAll(
                // Reconciliation compares only hours whose metering window has closed.
                () -> assertEquals(metering.meteringWindow(), reconciliation.meteringWindow()),
                // Intake refuses what metering would not send: both must read the same mapping.
                () -> assertEquals(Map.of("api_calls", "ApiCalls"), usage.meteringDimensions()),
                () -> assertEquals(usage.meteringDimensions(), metering.meteringDimensions()),
                () -> assertEquals(4, metering.meteringWindow().toHours()),
                () -> assertEquals(3.0, metering.meteringCallsPerSecond()),
                () -> assertEquals(45, renewal.endingSoon().toDays()));
        AwsSettings defaults = settings(new Stack(scenario(Map.of())), MeteringHandler.class);
        assertAll("the parameter defaults are the code's defaults",
                () -> assertEquals(Map.of(), defaults.meteringDimensions()),
                () -> assertEquals(6, defaults.meteringWindow().toHours()),
                () -> assertEquals(10.0, defaults.meteringCallsPerSecond()),
                () -> assertEquals(30, settings(new Stack(scenario(Map.of())), RenewalHandler.class).endingSoon().toDays()));
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
    void givenTheSecret_thenOnlyThePageFunctionsGetItAndTheyCannotStartWithoutIt() {
        Stack stack = new Stack(scenario(Map.of()));
        Set<Class<?>> pages = Set.of(FulfillmentHandler.class, ActivationHandler.class);
        for (var function : resources(FUNCTION).entrySet()) {
            Class<?> handler = handlerClass(function.getValue());
            Map<String, String> env = stack.environment(function.getValue());
            assertEquals(pages.contains(handler), env.containsKey("SESSION_SECRET"), function.getKey());
            if (pages.contains(handler)) {
                Map<String, String> without = new HashMap<>(stack.lambdaRuntime(env));
                without.remove("SESSION_SECRET");
                assertThrows(IllegalArgumentException.class, () -> STARTUP.get(handler).accept(without),
                        function.getKey() + " refuses to start without its signing key");
            }
        }
    }

    // --- IAM -------------------------------------------------------------------------------------

    @Test
    void givenTheRoles_thenNoWildcardActionsNoScanAndStarOnlyForTheMarketplace() {
        for (Map<String, String> scenario : scenarios()) {
            Stack stack = new Stack(scenario);
            for (var role : resources("AWS::IAM::Role").entrySet()) {
                if (!stack.exists(role.getKey())) {
                    continue;
                }
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
    void givenTheRoles_thenEachFunctionHasExactlyTheActionsItsCodeNeeds() {
        for (Map<String, String> scenario : scenarios()) {
            Stack stack = new Stack(scenario);
            boolean ses = scenario.get("MailTransport").equals("ses");
            for (Class<?> handler : HANDLER_TYPES.keySet()) {
                if (!stack.exists(roleOf(handler))) {
                    continue;
                }
                Set<String> actions = actions(stack, roleOf(handler));
                Set<String> withoutLogsAndMail = actions.stream()
                        .filter(a -> !a.startsWith("logs:") && !a.startsWith("ses:")).collect(Collectors.toSet());
                assertAll(handler.getSimpleName() + " in " + scenario,
                        () -> assertEquals(ACTIONS.get(handler), withoutLogsAndMail),
                        () -> assertEquals(ses && handler == ActivationHandler.class, actions.contains("ses:SendEmail"),
                                "only the pages mail, and only through SES when that is the transport"));
            }
        }
        Map<String, Set<Class<?>>> holders = new TreeMap<>();
        ACTIONS.forEach((handler, actions) -> actions.stream().filter(MARKETPLACE_ACTIONS::contains)
                .forEach(a -> holders.computeIfAbsent(a, k -> new java.util.HashSet<>()).add(handler)));
        assertAll(
                () -> assertEquals(Set.of(MeteringHandler.class), holders.get(METER), "only metering meters"),
                () -> assertEquals(Set.of(FulfillmentHandler.class), holders.get(RESOLVE)),
                () -> assertEquals(Set.of(FulfillmentHandler.class, NotificationQueueHandler.class, SnsEndpointHandler.class,
                        RenewalHandler.class), holders.get(ENTITLEMENTS)));
    }

    @Test
    void givenTheRoles_thenTheTableItsIndexTheQueueAndTheSesIdentitiesAreTheOnlyResources() {
        String table = tableId();
        Set<String> tableArns = Set.of("getatt:" + table + ".Arn",
                "getatt:" + table + ".Arn/index/" + DynamoDbItemStore.INDEX_NAME);
        Map<String, String> scenario = scenario(Map.of("SesRegion", "eu-west-1", "SesConfigurationSet", "activation",
                "EnableSnsHttpsEndpoint", "true"));
        Stack stack = new Stack(scenario);
        for (var role : resources("AWS::IAM::Role").entrySet()) {
            for (Statement s : stack.statements(role.getValue())) {
                if (s.actions().stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
                    assertEquals(tableArns, Set.copyOf(s.resources()), role.getKey() + " table statement");
                }
                if (s.actions().stream().anyMatch(a -> a.startsWith("sqs:"))) {
                    assertEquals(List.of("getatt:" + queueOf(NotificationQueueHandler.class) + ".Arn"), s.resources(),
                            role.getKey() + " polls the notification queue only");
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
    void givenEachFunction_thenItHasItsOwnRoleAndWritesOnlyToItsOwnLogGroup() {
        Stack stack = new Stack(scenario(Map.of("EnableSnsHttpsEndpoint", "true")));
        Set<String> roles = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        for (JsonNode function : resources(FUNCTION).values()) {
            String group = function.path("LoggingConfig").path("LogGroup").path("Ref").asText();
            assertEquals("AWS::Logs::LogGroup", resourceType(group));
            String role = function.path("Role").path("Fn::GetAtt").path(0).asText();
            assertTrue(roles.add(role) && groups.add(group), "not shared: " + role + ", " + group);
            List<Statement> logs = stack.statements(resources("AWS::IAM::Role").get(role)).stream()
                    .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("logs:"))).toList();
            assertEquals(1, logs.size());
            assertEquals(List.of("getatt:" + group + ".Arn"), logs.get(0).resources());
        }
    }

    @Test
    void givenTheTemplate_thenEveryArnIsPartitionAware() throws IOException {
        // Parameters are left out: their patterns describe ARNs the deployer types.
        String text = JSON.writeValueAsString(Map.of("Resources", template.path("Resources"),
                "Outputs", template.path("Outputs"), "Conditions", template.path("Conditions")));
        Matcher arn = Pattern.compile("arn:(?!\\$\\{AWS::Partition})[^\"'\\s]*").matcher(text);
        assertFalse(arn.find(), () -> "an ARN with a fixed partition: " + arn.group());
    }

    // --- notification queue, subscriptions, rule -------------------------------------------------

    @Test
    void givenTheNotificationQueue_thenItIsEncryptedWithADeadLetterQueueThatOutlivesIt() {
        String queue = queueOf(NotificationQueueHandler.class);
        JsonNode q = resources("AWS::SQS::Queue").get(queue);
        JsonNode redrive = q.path("RedrivePolicy");
        String dlq = redrive.path("deadLetterTargetArn").path("Fn::GetAtt").path(0).asText();
        JsonNode d = resources("AWS::SQS::Queue").get(dlq);
        assertAll(
                () -> assertEquals("AWS::SQS::Queue", resourceType(dlq)),
                () -> assertEquals("Arn", redrive.path("deadLetterTargetArn").path("Fn::GetAtt").path(1).asText()),
                () -> assertTrue(redrive.path("maxReceiveCount").asInt() >= 5,
                        "at least 5 receives, so throttling alone never dead-letters a notice"),
                () -> assertTrue(redrive.path("maxReceiveCount").asInt() <= 10, "a poison notice is set aside within hours"),
                () -> assertTrue(q.path("SqsManagedSseEnabled").asBoolean(), "queue encrypted, no KMS key policy needed"),
                () -> assertTrue(d.path("SqsManagedSseEnabled").asBoolean(), "DLQ encrypted"),
                () -> assertFalse(q.has("KmsMasterKeyId") || d.has("KmsMasterKeyId"),
                        "SSE-KMS would need key policies for SNS and EventBridge"),
                () -> assertTrue(d.path("MessageRetentionPeriod").asInt() > q.path("MessageRetentionPeriod").asInt(345600),
                        "a dead letter keeps its first enqueue time, so the DLQ must keep messages longer"),
                () -> assertFalse(d.has("RedrivePolicy"), "the DLQ is the end of the line"),
                () -> assertEquals(Set.of(queue, dlq), resources("AWS::SQS::Queue").keySet(), "one queue and its DLQ"));
    }

    @Test
    void givenTheNotificationFunction_thenItsQueueMappingReportsPartialFailuresAndTheVisibilityTimeoutIsSixTimesItsTimeout() {
        JsonNode function = function(NotificationQueueHandler.class);
        List<JsonNode> sqs = events(function, "SQS").toList();
        assertEquals(1, sqs.size());
        JsonNode mapping = sqs.get(0);
        JsonNode queue = resources("AWS::SQS::Queue").get(queueOf(NotificationQueueHandler.class));
        int timeout = function.path("Timeout").asInt();
        int window = mapping.path("MaximumBatchingWindowInSeconds").asInt(0);
        assertAll(
                () -> assertEquals(List.of("ReportBatchItemFailures"), texts(mapping.path("FunctionResponseTypes")),
                        "the handler answers SQSBatchResponse: without this Lambda retries the whole batch"),
                () -> assertTrue(mapping.path("BatchSize").asInt(10) >= 1 && mapping.path("BatchSize").asInt(10) <= 10,
                        "a standard queue batch without a long window is at most 10"),
                () -> assertTrue(window <= 20, "notices are not held back for long"),
                () -> assertTrue(mapping.path("ScalingConfig").path("MaximumConcurrency").asInt() >= 2,
                        "Lambda's minimum for MaximumConcurrency"),
                () -> assertTrue(queue.path("VisibilityTimeout").asInt() >= 6 * timeout + window,
                        "AWS recommends a visibility timeout of at least six times the function timeout"),
                () -> assertTrue(events(function, "HttpApi").findAny().isEmpty()));
        for (var other : resources(FUNCTION).entrySet()) {
            if (handlerClass(other.getValue()) != NotificationQueueHandler.class) {
                assertTrue(events(other.getValue(), "SQS").findAny().isEmpty(), other.getKey() + " reads no queue");
            }
        }
    }

    @Test
    void givenTheQueuePolicy_thenSnsMaySendFromExactlyTheProductTopicsAndEventBridgeFromExactlyTheRule() {
        String queue = queueOf(NotificationQueueHandler.class);
        String rule = ruleId();
        for (Map<String, String> scenario : scenarios()) {
            Stack stack = new Stack(scenario);
            List<Map<?, ?>> statements = stack.queuePolicy(queue);
            Map<String, Set<String>> sources = new TreeMap<>();
            for (Map<?, ?> s : statements) {
                assertAll(scenario + " " + s,
                        () -> assertEquals("Allow", s.get("Effect")),
                        () -> assertEquals(List.of("sqs:SendMessage"), Stack.strings(s.get("Action"))),
                        () -> assertEquals(List.of("getatt:" + queue + ".Arn"), Stack.strings(s.get("Resource"))),
                        () -> assertEquals(Set.of("ArnEquals"), ((Map<?, ?>) s.get("Condition")).keySet(),
                                "every grant is bound to its source"));
                String service = (String) ((Map<?, ?>) s.get("Principal")).get("Service");
                Object arns = ((Map<?, ?>) ((Map<?, ?>) s.get("Condition")).get("ArnEquals")).get("aws:SourceArn");
                assertNull(sources.put(service, Set.copyOf(Stack.strings(arns))), "one statement per service");
            }
            Set<String> expectedServices = stack.condition("SubscribesToSnsTopics")
                    ? Set.of("sns.amazonaws.com", "events.amazonaws.com") : Set.of("events.amazonaws.com");
            assertEquals(expectedServices, sources.keySet(), scenario.toString());
            assertEquals(Set.of("getatt:" + rule + ".Arn"), sources.get("events.amazonaws.com"));
            if (sources.containsKey("sns.amazonaws.com")) {
                assertEquals(stack.topicsTheNotificationFunctionAccepts(), sources.get("sns.amazonaws.com"),
                        "the queue admits exactly the topics the function accepts");
            }
            List<Map<?, ?>> deadLetters = stack.queuePolicy(dlqOf(queue));
            assertEquals(1, deadLetters.size(), "EventBridge only, for events it could not deliver");
            assertEquals(List.of("getatt:" + rule + ".Arn"), Stack.strings(((Map<?, ?>) ((Map<?, ?>) deadLetters.get(0)
                    .get("Condition")).get("ArnEquals")).get("aws:SourceArn")));
        }
        assertEquals(NotificationTopics.forProduct(REQUIRED_PARAMETER_SAMPLES.get("ProductCode")).arns(),
                new Stack(scenario(Map.of())).topicsTheNotificationFunctionAccepts(),
                "by default, the two topics AWS Marketplace creates for the product");
    }

    @Test
    void givenTheSubscriptions_thenTheQueueGetsBothTopicsInTheirOwnRegionWithRawDeliveryOff() {
        Map<String, JsonNode> subscriptions = resources("AWS::SNS::Subscription");
        assertEquals(2, subscriptions.size(), "the subscription topic and the entitlement topic");
        for (Map<String, String> scenario : scenarios()) {
            Stack stack = new Stack(scenario);
            Set<String> topics = new TreeSet<>();
            for (var subscription : subscriptions.entrySet()) {
                String id = subscription.getKey();
                assertEquals("SubscribesToSnsTopics", template.path("Resources").path(id).path("Condition").asText());
                assertTrue(texts(template.path("Resources").path(id).path("DependsOn"))
                                .contains(policyOf(queueOf(NotificationQueueHandler.class))),
                        "no message arrives before the queue admits it");
                if (!stack.exists(id)) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> p = (Map<String, Object>) stack.resolve(subscription.getValue());
                String topic = (String) p.get("TopicArn");
                assertAll(id + " " + scenario,
                        () -> assertEquals("sqs", p.get("Protocol")),
                        () -> assertEquals("getatt:" + queueOf(NotificationQueueHandler.class) + ".Arn", p.get("Endpoint")),
                        () -> assertEquals("false", p.get("RawMessageDelivery"),
                                "the parser reads the SNS envelope (TopicArn, MessageId, Message as a string)"),
                        () -> assertEquals(topic.split(":")[3], p.get("Region"),
                                "created in the topic's Region, whatever the stack's"));
                topics.add(topic);
            }
            if (stack.condition("SubscribesToSnsTopics")) {
                assertEquals(stack.topicsTheNotificationFunctionAccepts(), topics, scenario.toString());
            } else {
                assertEquals(Set.of(), topics, "no default topics outside the aws partition");
            }
        }
        Map<?, ?> outsideUsEast1 = (Map<?, ?>) new Stack(scenario(Map.of("AWS::Region", "eu-west-1")))
                .resolve(subscriptions.values().iterator().next());
        assertEquals("us-east-1", outsideUsEast1.get("Region"), "a stack outside us-east-1 still subscribes in us-east-1");
    }

    @Test
    void givenTheAgreementEventsRule_thenItMatchesEveryEventTheParserKnowsAndTargetsTheQueue() throws Exception {
        JsonNode rule = resources("AWS::Events::Rule").get(ruleId());
        JsonNode pattern = rule.path("EventPattern");
        Set<String> detailTypes = new TreeSet<>(texts(pattern.path("detail-type")));
        Set<String> expected = new TreeSet<>();
        for (String event : AGREEMENT_EVENTS) {
            for (String suffix : DETAIL_TYPE_SUFFIXES.split("\\|")) {
                expected.add(event + suffix);
            }
        }
        JsonNode target = rule.path("Targets").path(0);
        assertAll(
                () -> assertEquals(List.of(AwsNoticeParser.EVENT_SOURCE), texts(pattern.path("source"))),
                () -> assertEquals(expected, detailTypes),
                () -> assertEquals(Set.of("source", "detail-type"), fieldNames(pattern)),
                () -> assertEquals("default", rule.path("EventBusName").asText("default"), "AWS services use the default bus"),
                () -> assertEquals("ENABLED", rule.path("State").asText("ENABLED")),
                () -> assertEquals(1, rule.path("Targets").size()),
                () -> assertEquals(queueOf(NotificationQueueHandler.class), target.path("Arn").path("Fn::GetAtt").path(0).asText()),
                () -> assertEquals(dlqOf(queueOf(NotificationQueueHandler.class)),
                        target.path("DeadLetterConfig").path("Arn").path("Fn::GetAtt").path(0).asText()),
                () -> assertTrue(template.path("Resources").path(ruleId()).path("Condition").isMissingNode(),
                        "created in every Region; outside us-east-1 it receives forwarded events"));
        AwsNoticeParser parser = new AwsNoticeParser("localproduct123");
        for (String detailType : detailTypes) {
            ParsedNotice parsed = parser.parseQueueBody(JSON.writeValueAsString(agreementEvent(detailType)));
            assertTrue(parsed instanceof ParsedNotice.Accepted, detailType + " is applied, not " + parsed);
        }
    }

    @Test
    void givenTheStackRegion_thenTheAgreementEventsOutputSaysWhetherAForwardingRuleIsNeeded() {
        String direct = (String) new Stack(scenario(Map.of())).output("AgreementEvents");
        String elsewhere = (String) new Stack(scenario(Map.of("AWS::Region", "eu-west-1"))).output("AgreementEvents");
        assertAll(
                () -> assertTrue(direct.contains("directly"), direct),
                () -> assertTrue(elsewhere.contains("us-east-1"), elsewhere),
                () -> assertTrue(elsewhere.contains("arn:aws:events:eu-west-1:123456789012:event-bus/default"), elsewhere));
    }

    // --- schedules -------------------------------------------------------------------------------

    @Test
    void givenTheMeteringFunction_thenEvery15MinutesNeverTwiceAtOnceAndNeverRetried() {
        JsonNode function = function(MeteringHandler.class);
        List<JsonNode> schedules = events(function, "Schedule").toList();
        assertEquals(1, schedules.size());
        JsonNode schedule = schedules.get(0);
        JsonNode async = function.path("EventInvokeConfig");
        assertAll(
                () -> assertEquals("rate(15 minutes)", schedule.path("Schedule").asText()),
                () -> assertEquals(1, function.path("ReservedConcurrentExecutions").asInt(), "one run at a time"),
                () -> assertEquals(0, schedule.path("RetryPolicy").path("MaximumRetryAttempts").asInt(-1),
                        "EventBridge does not retry the schedule"),
                () -> assertEquals(0, async.path("MaximumRetryAttempts").asInt(-1), "Lambda does not retry the run"),
                () -> assertTrue(async.path("MaximumEventAgeInSeconds").asInt() >= 60
                        && async.path("MaximumEventAgeInSeconds").asInt() < 15 * 60,
                        "a throttled schedule waits less than one interval, so runs never pile up"),
                () -> assertEquals(900, function.path("Timeout").asInt(), "Lambda's maximum"),
                () -> assertTrue(MeteringHandler.SAFETY_MARGIN.toSeconds() < function.path("Timeout").asInt() / 2,
                        "the handler's budget leaves most of the invocation for work"));
        for (var other : resources(FUNCTION).entrySet()) {
            if (handlerClass(other.getValue()) != MeteringHandler.class) {
                assertTrue(other.getValue().path("ReservedConcurrentExecutions").isMissingNode(),
                        other.getKey() + " reserves no concurrency (new accounts may have none to reserve)");
            }
        }
    }

    @Test
    void givenTheRenewalFunction_thenOnceADayWithTimeToCheckEverySubscription() {
        JsonNode function = function(RenewalHandler.class);
        List<JsonNode> schedules = events(function, "Schedule").toList();
        assertEquals(1, schedules.size());
        assertEquals("rate(1 day)", schedules.get(0).path("Schedule").asText());
        assertEquals(900, function.path("Timeout").asInt());
        Set<Class<?>> scheduled = resources(FUNCTION).values().stream()
                .filter(f -> events(f, "Schedule").findAny().isPresent())
                .map(SamTemplateTest::handlerClass).collect(Collectors.toSet());
        assertEquals(Set.of(MeteringHandler.class, RenewalHandler.class, ReconciliationHandler.class), scheduled);
    }

    @Test
    void givenTheReconciliationFunction_thenOnceADayWithTimeToCompareEverySubscription() {
        JsonNode function = function(ReconciliationHandler.class);
        List<JsonNode> schedules = events(function, "Schedule").toList();
        assertEquals(1, schedules.size());
        assertEquals("rate(1 day)", schedules.get(0).path("Schedule").asText());
        assertEquals(900, function.path("Timeout").asInt());
        assertTrue(ReconciliationHandler.SAFETY_MARGIN.toSeconds() < function.path("Timeout").asInt() / 2,
                "the handler's budget leaves most of the invocation for work");
    }

    @Test
    void givenTheMeteringAlerts_thenEachAlarmCountsTheLogLineTheCodeWritesInItsFunctionsLogGroup() {
        Map<String, JsonNode> filters = resources("AWS::Logs::MetricFilter");
        Map<String, JsonNode> alarms = resources("AWS::CloudWatch::Alarm");
        Map<String, String> lines = Map.of("MeteringOutageMetricFilter", HourlyMetering.OUTAGE_ALERT);
        Map<String, String> logGroups = Map.of("MeteringOutageMetricFilter", "MeteringLogGroup");
        lines.forEach((name, line) -> {
            JsonNode filter = filters.get(name);
            assertNotNull(filter, name);
            assertEquals("\"" + line + "\"", filter.path("FilterPattern").asText(), name);
            assertEquals(logGroups.get(name), filter.path("LogGroupName").path("Ref").asText(), name);
            String metric = filter.path("MetricTransformations").get(0).path("MetricName").asText();
            assertTrue(alarms.values().stream().anyMatch(alarm -> alarm.path("MetricName").asText().equals(metric)
                            && alarm.path("AlarmActions").isObject()),
                    "an alarm on " + metric + " that notifies the alarm topic");
        });
    }

    @Test
    void givenTheMetricAlarms_thenEachWatchesAMetricTheFunctionsWriteUnderTheirNamespace() {
        Map<String, JsonNode> alarms = resources("AWS::CloudWatch::Alarm");
        Map<String, List<String>> expected = Map.of(
                "MeteringFailuresAlarm", List.of(Metrics.Names.METERING_RECORDS, "aws", "metering", "failed"),
                "ReconciliationDriftAlarm", List.of(Metrics.Names.RECONCILIATION_DRIFT, "aws", "reconciliation",
                        "found"));
        expected.forEach((name, metric) -> {
            JsonNode alarm = alarms.get(name);
            assertNotNull(alarm, name);
            assertEquals("MetricsNamespace", alarm.path("Namespace").path("Ref").asText(), name);
            assertEquals(metric.get(0), alarm.path("MetricName").asText(), name);
            Map<String, String> dimensions = new java.util.HashMap<>();
            alarm.path("Dimensions").forEach(d -> dimensions.put(d.path("Name").asText(), d.path("Value").asText()));
            assertEquals(Map.of("Cloud", metric.get(1), "Function", metric.get(2), "Outcome", metric.get(3)),
                    dimensions, name);
            assertTrue(alarm.path("AlarmActions").isObject(), name + " notifies the alarm topic");
        });
        assertEquals("MetricsNamespace", template.path("Globals").path("Function").path("Environment")
                .path("Variables").path("METRICS_NAMESPACE").path("Ref").asText(), "every function writes there");
        assertEquals(org.mpactivation.aws.metrics.EmbeddedMetrics.DEFAULT_NAMESPACE,
                template.path("Parameters").path("MetricsNamespace").path("Default").asText());
    }

    // --- every reference resolves ----------------------------------------------------------------

    @Test
    void givenEveryParameterSet_thenEveryReferenceNamesAResourceThatExists() {
        for (Map<String, String> scenario : scenarios()) {
            Stack stack = new Stack(scenario);
            for (var resource : fields(template.path("Resources")).entrySet()) {
                if (!stack.exists(resource.getKey())) {
                    continue;
                }
                stack.resolve(resource.getValue().path("Properties"));
                for (String dependency : texts(resource.getValue().path("DependsOn"))) {
                    assertTrue(stack.exists(dependency), resource.getKey() + " depends on " + dependency);
                }
            }
            for (var output : fields(template.path("Outputs")).entrySet()) {
                if (!output.getValue().has("Condition") || stack.condition(output.getValue().path("Condition").asText())) {
                    stack.output(output.getKey());
                }
            }
        }
    }

    // --- table, parameters -----------------------------------------------------------------------

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
        Pattern topics = Pattern.compile(template.path("Parameters").path("SnsTopicArns").path("AllowedPattern").asText());
        String one = "arn:aws:sns:us-east-1:287250355862:aws-mp-subscription-notification-x";
        assertAll(
                () -> assertTrue(topics.matcher(one + "," + one.replace("subscription", "entitlement")).matches()),
                () -> assertFalse(topics.matcher(one).matches(), "exactly two: there are two subscriptions"),
                () -> assertFalse(topics.matcher(one + ", " + one).matches()));
    }

    // --- sample events ---------------------------------------------------------------------------

    @Test
    void givenTheSampleEvents_thenEachIsAnEventOfAKindTheTemplateTriggers() throws IOException {
        Map<String, JsonNode> samples = samples();
        assertTrue(samples.keySet().containsAll(Set.of("fulfillment-post.json", "activation-get.json", "healthz-get.json",
                "usage-post.json", "notifications-sqs.json", "metering-scheduled.json", "renewal-scheduled.json")));
        for (var sample : samples.entrySet()) {
            switch (kind(sample.getValue())) {
                case "HttpApi" -> {
                    // Strict: a field the event class does not have is a typo in the sample.
                    APIGatewayV2HTTPEvent e = JSON.treeToValue(sample.getValue(), APIGatewayV2HTTPEvent.class);
                    assertAll(sample.getKey(),
                            () -> assertEquals("2.0", e.getVersion()),
                            () -> assertTrue(ROUTES.containsKey(e.getRouteKey()), "route " + e.getRouteKey()),
                            () -> assertEquals(e.getRouteKey(), e.getRequestContext().getRouteKey()),
                            () -> assertEquals(e.getRawPath(), e.getRequestContext().getHttp().getPath()),
                            () -> assertEquals("$default", e.getRequestContext().getStage()),
                            () -> assertEquals(IAM_ROUTES.contains(e.getRouteKey()),
                                    e.getRequestContext().getAuthorizer() != null
                                            && e.getRequestContext().getAuthorizer().getIam() != null,
                                    "IAM authorizer context exactly on the IAM routes"));
                }
                case "SQS" -> {
                    SQSEvent e = SQS_JSON.treeToValue(sample.getValue(), SQSEvent.class);
                    for (SQSEvent.SQSMessage m : e.getRecords()) {
                        assertAll(sample.getKey() + " " + m.getMessageId(),
                                () -> assertEquals("aws:sqs", m.getEventSource()),
                                () -> assertEquals(md5(m.getBody()), m.getMd5OfBody(), "md5OfBody is the body's"),
                                () -> assertTrue(m.getEventSourceArn().startsWith("arn:aws:sqs:" + m.getAwsRegion() + ":")));
                    }
                }
                case "Schedule" -> assertAll(sample.getKey(),
                        () -> assertEquals("Scheduled Event", sample.getValue().path("detail-type").asText()),
                        () -> assertTrue(sample.getValue().path("resources").path(0).asText().startsWith("arn:aws:events:")),
                        () -> assertFalse(sample.getValue().path("id").asText().isBlank(), "the run id"));
                default -> fail(sample.getKey() + " is no event the template triggers");
            }
        }
    }

    @Test
    void givenTheReadme_thenEachInvokeCommandPairsAFunctionWithASampleOfItsTrigger() throws IOException {
        String readme = Files.readString(root.resolve("events/README.md"));
        Matcher invoke = Pattern.compile("sam local invoke (\\w+) -e events/([\\w.-]+)").matcher(readme);
        Map<String, JsonNode> samples = samples();
        Set<String> invoked = new TreeSet<>();
        Set<String> functionsInvoked = new TreeSet<>();
        while (invoke.find()) {
            String id = invoke.group(1);
            String file = invoke.group(2);
            JsonNode function = resources(FUNCTION).get(id);
            assertNotNull(function, "README invokes " + id + ", which the template does not define");
            assertTrue(samples.containsKey(file), "README uses events/" + file + ", which does not exist");
            String kind = kind(samples.get(file));
            assertTrue(events(function, kind).findAny().isPresent(), id + " is not triggered by " + kind + " (" + file + ")");
            if (kind.equals("HttpApi")) {
                String route = samples.get(file).path("routeKey").asText();
                assertEquals(handlerClass(function), ROUTES.get(route), file + " is a route of " + id);
            }
            invoked.add(file);
            functionsInvoked.add(id);
        }
        assertEquals(samples.keySet(), invoked, "README shows how to replay every sample");
        Set<String> sampled = new TreeSet<>(resources(FUNCTION).keySet());
        sampled.remove(functionId(SnsEndpointHandler.class)); // a valid SNS signature cannot be made up locally
        assertTrue(functionsInvoked.containsAll(sampled), "a sample for every function: " + functionsInvoked);
    }

    @Test
    void givenTheFulfillmentSample_thenItIsTheBuyersFormPostWithTheToken() throws IOException {
        APIGatewayV2HTTPEvent event = httpSample("fulfillment-post.json");
        WebRequest request = ApiGatewayHttp.toWebRequest(LambdaHttp.event(event));
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
        WebRequest activate = ApiGatewayHttp.toWebRequest(LambdaHttp.event(httpSample("activation-get.json")));
        assertEquals("GET", activate.method());
        assertEquals("/activate", activate.path());
        assertTrue(activate.cookie("__Host-activation").isPresent(), "the session cookie, as a deployed stack names it");

        Stack stack = new Stack(scenario(Map.of()));
        Map<String, String> env = stack.lambdaRuntime(stack.environment(function(ActivationHandler.class)));
        APIGatewayV2HTTPResponse health = LambdaHttp.invoke(new ActivationHandler(
                AwsFunctions.activationPages(env).router()), httpSample("healthz-get.json"), null);
        assertEquals(200, health.getStatusCode());
        assertEquals("ok", health.getBody());
    }

    @Test
    void givenTheNotificationSample_thenTheHandlerAppliesTheSnsAndTheEventBridgeRecordAndFailsNone() throws IOException {
        SQSEvent event = SQS_JSON.treeToValue(samples().get("notifications-sqs.json"), SQSEvent.class);
        Map<String, String> local = localEnvironment(functionId(NotificationQueueHandler.class));
        List<MarketplaceNotice> received = new ArrayList<>();
        NoticeReceiver receiver = notice -> {
            received.add(notice);
            return NoticeReceiver.Outcome.APPLIED;
        };
        SQSBatchResponse response = new NotificationQueueHandler(receiver, AwsNoticeParser.fromEnvironment(local))
                .handleRequest(event, null);
        assertAll(
                () -> assertEquals(List.of(), response.getBatchItemFailures(), "no record is sent back"),
                () -> assertEquals(List.of(AwsNoticeParser.SOURCE_SNS, AwsNoticeParser.SOURCE_EVENTBRIDGE),
                        received.stream().map(MarketplaceNotice::source).toList()),
                () -> assertEquals(List.of(LifecycleAction.SUBSCRIBED, LifecycleAction.ENTITLEMENTS_CHANGED),
                        received.stream().map(MarketplaceNotice::action).toList()));
        JsonNode eventBridge = JSON.readTree(event.getRecords().get(1).getBody());
        Set<String> ruleDetailTypes = new TreeSet<>(texts(resources("AWS::Events::Rule").get(ruleId())
                .path("EventPattern").path("detail-type")));
        assertTrue(ruleDetailTypes.contains(eventBridge.path("detail-type").asText()), "an event the rule forwards");
        String topic = JSON.readTree(event.getRecords().get(0).getBody()).path("TopicArn").asText();
        Map<String, String> asDeployed = new Stack(scenario(Map.of("ProductCode", local.get("MARKETPLACE_PRODUCT_CODE"))))
                .environment(function(NotificationQueueHandler.class));
        assertTrue(NotificationTopics.fromEnvironment(asDeployed, local.get("MARKETPLACE_PRODUCT_CODE")).allows(topic),
                "a topic the deployed stack subscribes to");
    }

    @Test
    void givenTheUsageSample_thenItReachesTheIntakeOnlyWithTheIamAuthorizerContext() throws IOException {
        APIGatewayV2HTTPEvent event = httpSample("usage-post.json");
        Stack stack = new Stack(scenario(Map.of()));
        AwsSettings settings = settings(stack, UsageIntakeHandler.class);
        Clock clock = Clock.fixed(Instant.ofEpochMilli(event.getRequestContext().getTimeEpoch()), ZoneOffset.UTC);
        UsageIntakeHandler handler = new UsageIntakeHandler(
                AwsFunctions.usageRouter(settings, new InMemoryItemStore(clock), clock));
        WebRequest request = ApiGatewayHttp.toWebRequest(LambdaHttp.event(event));
        JsonNode records = JSON.readTree(request.bodyText()).path("records");
        APIGatewayV2HTTPResponse authorized = LambdaHttp.invoke(handler, event, null);
        assertAll(
                () -> assertEquals("application/json", request.header("content-type").orElseThrow()),
                () -> assertTrue(records.isArray() && !records.isEmpty(), "the documented {\"records\": [...]} body"),
                () -> assertTrue(event.getRequestContext().getAuthorizer().getIam().getUserArn().startsWith("arn:aws:")),
                () -> assertNotEquals(403, authorized.getStatusCode(), "the IAM context is what the handler looks for"),
                () -> assertFalse(Set.of(404, 405).contains(authorized.getStatusCode()), "the route is the intake's"),
                () -> assertTrue(authorized.getStatusCode() < 500, authorized.getBody()));
        event.getRequestContext().setAuthorizer(null);
        assertEquals(403, LambdaHttp.invoke(handler, event, null).getStatusCode(), "refused without the IAM authorizer");
    }

    @Test
    void givenTheLocalEnvironmentFile_thenItOnlySetsDeclaredVariablesAndEveryFunctionStartsWithIt() throws IOException {
        JsonNode local = JSON.readTree(root.resolve("events/env.json").toFile());
        assertEquals(resources(FUNCTION).keySet(), new TreeSet<>(fieldNames(local)), "one entry per function");
        // With the parameters a local run would pass: the optional endpoint switched on.
        Stack stack = new Stack(scenario(Map.of("EnableSnsHttpsEndpoint", "true")));
        for (var function : resources(FUNCTION).entrySet()) {
            // What SAM sees: a variable under a false Fn::If is not there.
            Set<String> declared = stack.environment(function.getValue()).keySet();
            Map<String, String> overrides = localEnvironment(function.getKey());
            Set<String> undeclared = new TreeSet<>(overrides.keySet());
            undeclared.removeAll(declared);
            assertEquals(Set.of(), undeclared, function.getKey() + ": SAM ignores variables the template does not declare");

            Map<String, String> env = new HashMap<>(stack.environment(function.getValue()));
            env.putAll(overrides);
            STARTUP.get(handlerClass(function.getValue())).accept(stack.lambdaRuntime(env));
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

    private static String ruleId() {
        Map<String, JsonNode> rules = resources("AWS::Events::Rule");
        assertEquals(1, rules.size(), "one rule of our own (the schedules are SAM's)");
        return rules.keySet().iterator().next();
    }

    /** The queue the handler's function reads, from its SQS event. */
    private static String queueOf(Class<?> handler) {
        JsonNode queue = events(function(handler), "SQS").findFirst().orElseThrow().path("Queue").path("Fn::GetAtt");
        assertEquals("Arn", queue.path(1).asText());
        return queue.path(0).asText();
    }

    private static String dlqOf(String queue) {
        return resources("AWS::SQS::Queue").get(queue).path("RedrivePolicy").path("deadLetterTargetArn")
                .path("Fn::GetAtt").path(0).asText();
    }

    private static String policyOf(String queue) {
        return resources("AWS::SQS::QueuePolicy").entrySet().stream()
                .filter(p -> stream(p.getValue().path("Queues")).anyMatch(q -> q.path("Ref").asText().equals(queue)))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no policy for " + queue));
    }

    /** The properties of the function's events of one type (HttpApi, SQS, Schedule). */
    private static Stream<JsonNode> events(JsonNode function, String type) {
        return stream(function.path("Events")).filter(e -> e.path("Type").asText().equals(type))
                .map(e -> e.path("Properties"));
    }

    private static Class<?> handlerClass(JsonNode function) {
        String handler = function.path("Handler").asText();
        try {
            return Class.forName(handler.substring(0, handler.indexOf("::")));
        } catch (ClassNotFoundException | StringIndexOutOfBoundsException e) {
            throw new AssertionError("no handler class for " + handler, e);
        }
    }

    private static String functionId(Class<?> handler) {
        return resources(FUNCTION).entrySet().stream().filter(f -> handlerClass(f.getValue()).equals(handler))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no function runs " + handler));
    }

    private static JsonNode function(Class<?> handler) {
        return resources(FUNCTION).get(functionId(handler));
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

    private static AwsSettings settings(Stack stack, Class<?> handler) {
        return AwsSettings.fromEnvironment(stack.lambdaRuntime(stack.environment(function(handler))));
    }

    private static List<Type> requestHandlerTypes(Class<?> type) {
        for (Type implemented : type.getGenericInterfaces()) {
            if (implemented instanceof ParameterizedType p && p.getRawType().equals(RequestHandler.class)) {
                return List.of(p.getActualTypeArguments());
            }
        }
        throw new AssertionError(type + " does not implement RequestHandler<I, O> directly");
    }

    private static Class<?> rawClass(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static Map<String, String> keySchema(JsonNode keys) {
        return stream(keys).collect(Collectors.toMap(k -> k.path("AttributeName").asText(), k -> k.path("KeyType").asText()));
    }

    private static List<String> pomValues(String xpath) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        Document pom = factory.newDocumentBuilder().parse(root.resolve("functions-aws/pom.xml").toFile());
        org.w3c.dom.NodeList nodes = (org.w3c.dom.NodeList) XPathFactory.newInstance().newXPath()
                .evaluate(xpath, pom, javax.xml.xpath.XPathConstants.NODESET);
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent().strip());
        }
        assertFalse(values.isEmpty(), xpath + " in functions-aws/pom.xml");
        return values;
    }

    private static String pomValue(String xpath) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        Document pom = factory.newDocumentBuilder().parse(root.resolve("functions-aws/pom.xml").toFile());
        String value = XPathFactory.newInstance().newXPath().evaluate(xpath, pom).strip();
        assertFalse(value.isEmpty(), xpath + " in functions-aws/pom.xml");
        return value;
    }

    // --- sample events ---------------------------------------------------------------------------

    private static Map<String, JsonNode> samples() throws IOException {
        Map<String, JsonNode> samples = new TreeMap<>();
        try (Stream<Path> files = Files.list(root.resolve("events"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                if (!file.getFileName().toString().equals("env.json")) {
                    samples.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
                }
            }
        }
        return samples;
    }

    /** Which trigger type delivers an event of this shape. */
    private static String kind(JsonNode sample) {
        if (sample.has("routeKey") && "2.0".equals(sample.path("version").asText())) {
            return "HttpApi";
        }
        if (sample.has("Records")) {
            return "SQS";
        }
        if ("aws.events".equals(sample.path("source").asText())) {
            return "Schedule";
        }
        return "unknown";
    }

    private static APIGatewayV2HTTPEvent httpSample(String name) throws IOException {
        return JSON.treeToValue(samples().get(name), APIGatewayV2HTTPEvent.class);
    }

    private static Map<String, String> localEnvironment(String functionId) throws IOException {
        Map<String, String> values = JSON.readValue(root.resolve("events/env.json").toFile(),
                new TypeReference<Map<String, Map<String, String>>>() { }).get(functionId);
        assertNotNull(values, "events/env.json has no entry for " + functionId);
        return new TreeMap<>(values);
    }

    /** An agreement-marketplace event of the given detail type, with every field any of them carries. */
    private static Map<String, Object> agreementEvent(String detailType) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("agreement", Map.of("id", "agmt-rulecheck000000000000001", "status", "ACTIVE"));
        detail.put("product", Map.of("code", "localproduct123", "id", "prod-rulecheck01"));
        detail.put("license", Map.of("arn", "arn:aws:license-manager::123456789012:license:l-0123456789abcdef"));
        detail.put("acceptor", Map.of("accountId", "444455556666"));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", "rule-check-" + detailType.hashCode());
        event.put("detail-type", detailType);
        event.put("source", AwsNoticeParser.EVENT_SOURCE);
        event.put("account", "123456789012");
        event.put("time", "2026-11-27T10:00:00Z");
        event.put("region", "us-east-1");
        event.put("resources", List.of());
        event.put("detail", detail);
        return event;
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- parameter sets ---------------------------------------------------------------------

    /**
     * Defaults in us-east-1; SMTP with a login, the SNS endpoint and topics of one's own, in
     * eu-west-1; and the China partition with every optional value set. Keys starting with
     * {@code AWS::} set the pseudo parameters of the Region the stack is deployed in.
     */
    private static List<Map<String, String>> scenarios() {
        return List.of(
                scenario(Map.of()),
                scenario(Map.ofEntries(Map.entry("MailTransport", "smtp"), Map.entry("SmtpHost", "smtp.example.com"),
                        Map.entry("SmtpPort", "2525"), Map.entry("SmtpUsername", "mailer"),
                        Map.entry("SmtpPassword", " a pass word "), Map.entry("SmtpStartTls", "false"),
                        Map.entry("MailFromName", "Activation"), Map.entry("Architecture", "x86_64"),
                        Map.entry("EnableSnsHttpsEndpoint", "true"),
                        Map.entry("SnsTopicArns", "arn:aws:sns:eu-west-1:123456789012:test-subscription-topic,"
                                + "arn:aws:sns:eu-west-1:123456789012:test-entitlement-topic"),
                        Map.entry("MeteringDimensions", "{\"api_calls\": \"ApiCalls\", \"seats\": \"Users\"}"),
                        Map.entry("MeteringWindowHours", "3"), Map.entry("MeteringCallsPerSecond", "5"),
                        Map.entry("RenewalEndingSoonDays", "60"),
                        Map.entry("AlarmTopicArn", "arn:aws:sns:eu-west-1:123456789012:operations"),
                        Map.entry("AWS::Region", "eu-west-1"))),
                scenario(Map.ofEntries(Map.entry("MarketplacePartition", "aws-cn"),
                        Map.entry("MarketplaceRegion", "cn-northwest-1"), Map.entry("ContractPricing", "true"),
                        Map.entry("SesRegion", "cn-northwest-1"), Map.entry("SesConfigurationSet", "activation"),
                        Map.entry("Sites", "[{\"id\":\"cn\",\"nameEn\":\"China site\",\"nameZh\":\"中国站\","
                                + "\"consoleLoginUrl\":\"https://console.example.cn/login\"}]"),
                        Map.entry("TableDeletionProtection", "false"), Map.entry("AWS::Partition", "aws-cn"),
                        Map.entry("AWS::Region", "cn-northwest-1"), Map.entry("AWS::URLSuffix", "amazonaws.com.cn"))));
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

    // --- a small stand-in for CloudFormation --------------------------------------------------

    record Statement(String effect, List<String> actions, List<String> resources) {
    }

    /**
     * Resolves the intrinsic functions the template uses for one set of parameter values, as
     * CloudFormation would: conditions (on resources too), Fn::If (and AWS::NoValue), Ref, Fn::Sub,
     * Fn::Select, Fn::Split, Fn::Join, and Secrets Manager dynamic references (to a value shaped like
     * the one the secret's GenerateSecretString makes). Attributes resolve to "getatt:Id.Attr". A
     * reference to a resource that does not exist under these parameters fails, as the deploy would.
     */
    private static final class Stack {
        private static final Map<String, String> PSEUDO = Map.of("AWS::Region", "us-east-1", "AWS::Partition", "aws",
                "AWS::AccountId", "123456789012", "AWS::StackName", "marketplace-activation",
                "AWS::URLSuffix", "amazonaws.com");
        private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
        private static final Pattern SECRET = Pattern.compile("\\{\\{resolve:secretsmanager:([A-Za-z0-9]+):SecretString}}");

        private final Map<String, String> parameters = new TreeMap<>();
        private final Map<String, String> pseudo = new HashMap<>(PSEUDO);
        private final Map<String, String> secrets = new HashMap<>();

        Stack(Map<String, String> values) {
            values.forEach((name, value) -> {
                if (name.startsWith("AWS::")) {
                    assertTrue(PSEUDO.containsKey(name), "unknown pseudo parameter " + name);
                    pseudo.put(name, value);
                    return;
                }
                parameters.put(name, value);
                JsonNode declared = template.path("Parameters").path(name);
                assertFalse(declared.isMissingNode(), "unknown parameter " + name);
                if (declared.has("AllowedValues")) {
                    assertTrue(texts(declared.path("AllowedValues")).contains(value), name + "=" + value);
                }
                if (declared.has("AllowedPattern")) {
                    assertTrue(Pattern.compile(declared.path("AllowedPattern").asText()).matcher(value).matches(),
                            name + "=" + value + " against " + declared.path("AllowedPattern").asText());
                }
                if (declared.path("Type").asText().equals("Number")) {
                    BigDecimal number = new BigDecimal(value);
                    assertTrue(!declared.has("MinValue") || number.compareTo(declared.path("MinValue").decimalValue()) >= 0,
                            name + "=" + value + " below MinValue");
                    assertTrue(!declared.has("MaxValue") || number.compareTo(declared.path("MaxValue").decimalValue()) <= 0,
                            name + "=" + value + " above MaxValue");
                }
            });
        }

        boolean exists(String resource) {
            JsonNode declared = template.path("Resources").path(resource);
            assertFalse(declared.isMissingNode(), "no resource " + resource);
            return !declared.has("Condition") || condition(declared.path("Condition").asText());
        }

        Object output(String name) {
            JsonNode output = template.path("Outputs").path(name);
            assertFalse(output.isMissingNode(), "no output " + name);
            assertTrue(!output.has("Condition") || condition(output.path("Condition").asText()), name + " is not there");
            return resolve(output.path("Value"));
        }

        Map<String, String> environment(JsonNode function) {
            Object variables = resolve(function.path("Environment").path("Variables"));
            Map<String, String> env = new TreeMap<>();
            ((Map<?, ?>) variables).forEach((name, value) -> env.put((String) name, (String) value));
            return env;
        }

        /** What the Lambda runtime adds to a function's own variables, as far as this code reads them. */
        Map<String, String> lambdaRuntime(Map<String, String> env) {
            Map<String, String> withRuntime = new HashMap<>(env);
            withRuntime.put("AWS_REGION", pseudo.get("AWS::Region"));
            return withRuntime;
        }

        /** The SNS topics the notification function accepts messages from, with this stack's settings. */
        Set<String> topicsTheNotificationFunctionAccepts() {
            Map<String, String> env = environment(function(NotificationQueueHandler.class));
            return NotificationTopics.fromEnvironment(env, env.get("MARKETPLACE_PRODUCT_CODE")).arns();
        }

        List<Map<?, ?>> queuePolicy(String queue) {
            Map<?, ?> document = (Map<?, ?>) ((Map<?, ?>) resolve(resources("AWS::SQS::QueuePolicy")
                    .get(policyOf(queue)))).get("PolicyDocument");
            return ((List<?>) document.get("Statement")).stream().<Map<?, ?>>map(s -> (Map<?, ?>) s).toList();
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
                case "Fn::GetAtt" -> getAtt(args.isArray() ? args.path(0).asText() : args.asText().split("\\.")[0],
                        args.isArray() ? args.path(1).asText() : args.asText().split("\\.", 2)[1]);
                case "Fn::Select" -> ((List<?>) resolve(args.path(1))).get(Integer.parseInt((String) resolve(args.path(0))));
                case "Fn::Split" -> List.of(((String) resolve(args.path(1))).split(Pattern.quote(args.path(0).asText()), -1));
                case "Fn::Join" -> ((List<?>) resolve(args.path(1))).stream().map(String.class::cast)
                        .collect(Collectors.joining(args.path(0).asText()));
                default -> throw new AssertionError("the test does not know " + function + ": teach Stack");
            };
        }

        private String getAtt(String resource, String attribute) {
            assertTrue(exists(resource), "GetAtt of " + resource + ", which does not exist here");
            return "getatt:" + resource + "." + attribute;
        }

        private Object ref(String name) {
            if (name.equals("AWS::NoValue")) {
                return NO_VALUE;
            }
            if (pseudo.containsKey(name)) {
                return pseudo.get(name);
            }
            if (parameters.containsKey(name)) {
                return parameters.get(name);
            }
            assertTrue(template.path("Resources").has(name), "Ref to nothing: " + name);
            assertTrue(exists(name), "Ref to " + name + ", which does not exist here");
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
                        : name.contains(".") && !name.startsWith("AWS::")
                                ? getAtt(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1))
                                : ref(name);
                m.appendReplacement(out, Matcher.quoteReplacement((String) value));
            }
            m.appendTail(out);
            String substituted = out.toString().replace("${!", "${");
            Matcher secret = SECRET.matcher(substituted);
            return secret.matches() ? secrets.computeIfAbsent(secret.group(1), Stack::generatedSecret) : substituted;
        }

        boolean condition(String name) {
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

        static List<String> strings(Object value) {
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

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        return Stream.of(sets).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    }

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

    private static Stream<JsonNode> stream(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items.stream();
    }

    /** The texts of an array, or of a single value (DependsOn may be either). */
    private static List<String> texts(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        return node.isArray() ? stream(node).map(JsonNode::asText).toList() : List.of(node.asText());
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
