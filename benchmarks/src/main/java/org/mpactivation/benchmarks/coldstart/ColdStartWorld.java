package org.mpactivation.benchmarks.coldstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.mpactivation.adapter.store.DynamoDbTables;
import org.mpactivation.adapter.store.DynamoDbTestClients;
import org.mpactivation.simulator.aws.AwsMarketplaceSimulator;
import org.mpactivation.simulator.aws.SimulatedCustomer;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;
import org.mpactivation.simulator.azure.AzureOffer;
import org.mpactivation.simulator.azure.AzurePlan;
import org.mpactivation.simulator.azure.Identity;
import org.mpactivation.simulator.azure.Purchase;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.simulator.entra.RegisteredApp;
import org.mpactivation.testkit.Dynalite;

/**
 * What the functions talk to during the benchmark, started once in the parent process: dynalite with the
 * table, the AWS Marketplace simulator, and the Azure Marketplace simulator with its Entra ID stand-in. For each
 * run it makes a fresh first request (a fresh marketplace token, a fresh subscription) and the environment the
 * function and its Node.js reference are started with.
 */
final class ColdStartWorld implements AutoCloseable {

    static final String TABLE = "coldstart";
    private static final String PRODUCT = "coldstartproduct";
    private static final String OFFER = "coldstart-offer";
    private static final String PLAN = "team";
    private static final String TENANT = "0c0ffee0-0000-4000-8000-00000000c01d";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Dynalite dynalite;
    private final AwsMarketplaceSimulator aws;
    private final EntraSimulator entra;
    private final AzureMarketplaceSimulator azure;
    private final Map<String, String> common = new HashMap<>();
    private final Map<String, String> awsEnv = new HashMap<>();
    private final Map<String, String> azureEnv = new HashMap<>();
    private final String apiClient = UUID.randomUUID().toString();
    private final String apiSecret = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newHttpClient();

    private ColdStartWorld(Dynalite dynalite, AwsMarketplaceSimulator aws, EntraSimulator entra,
                           AzureMarketplaceSimulator azure) {
        this.dynalite = dynalite;
        this.aws = aws;
        this.entra = entra;
        this.azure = azure;
    }

    static ColdStartWorld start() {
        Dynalite dynalite = Dynalite.start();
        DynamoDbTables.create(DynamoDbTestClients.client(dynalite.endpoint()), TABLE);
        AwsMarketplaceSimulator aws = AwsMarketplaceSimulator.start();
        aws.product(PRODUCT).dimensions("ApiCalls");
        EntraSimulator entra = EntraSimulator.start();
        AzureMarketplaceSimulator azure = AzureMarketplaceSimulator.builder()
                .acceptedTokens(token -> entra.issuedFor(EntraSimulator.MARKETPLACE_APP_ID, token)).start();
        azure.createOffer(new AzureOffer(AzureMarketplaceSimulator.DEFAULT_PUBLISHER, OFFER,
                List.of(AzurePlan.perSeat(PLAN, "requests"))));
        ColdStartWorld world = new ColdStartWorld(dynalite, aws, entra, azure);
        world.settings();
        return world;
    }

    private void settings() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        common.put("TABLE_NAME", TABLE);
        common.put("DYNAMODB_ENDPOINT", dynalite.endpoint().endpoint().toString());
        common.put("AWS_REGION", "us-east-1");
        common.put("AWS_ACCESS_KEY_ID", dynalite.endpoint().accessKeyId());
        common.put("AWS_SECRET_ACCESS_KEY", dynalite.endpoint().secretAccessKey());
        common.put("SESSION_SECRET", Base64.getEncoder().encodeToString(secret));
        common.put("METERING_DIMENSIONS", "{\"api_calls\":\"ApiCalls\"}");

        awsEnv.put("AWS_LAMBDA_FUNCTION_NAME", "coldstart");
        awsEnv.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        awsEnv.put("METRICS_NAMESPACE", "ColdStart");
        awsEnv.put("MARKETPLACE_PARTITION", "aws");
        awsEnv.put("MARKETPLACE_REGION", "us-east-1");
        awsEnv.put("MARKETPLACE_METERING_ENDPOINT", aws.endpoint().toString());
        awsEnv.put("MARKETPLACE_ENTITLEMENT_ENDPOINT", aws.endpoint().toString());
        awsEnv.put("MARKETPLACE_PRODUCT_CODE", PRODUCT);
        awsEnv.put("MARKETPLACE_CONTRACT_PRICING", "false");
        awsEnv.put("MARKETPLACE_SNS_TOPIC_ARNS", "arn:aws:sns:us-east-1:287250355862:aws-mp-subscription-notification-"
                + PRODUCT + ",arn:aws:sns:us-east-1:287250355862:aws-mp-entitlement-notification-" + PRODUCT);
        awsEnv.put("SITES", "");
        awsEnv.put("SECURE_COOKIES", "true");
        common.put("MAIL_TRANSPORT", "smtp");
        common.put("MAIL_FROM", "activation@example.com");
        common.put("SMTP_HOST", "127.0.0.1");
        common.put("SMTP_PORT", "2525");
        common.put("SMTP_STARTTLS", "false");

        String signInClient = UUID.randomUUID().toString();
        String signInSecret = UUID.randomUUID().toString();
        String base = "https://activation.example.com";
        entra.registerApp(new RegisteredApp(apiClient, apiSecret, List.of()));
        entra.registerApp(new RegisteredApp(signInClient, signInSecret, List.of(base + "/azure/signin/callback")));
        azureEnv.put("PUBLIC_BASE_URL", base);
        azureEnv.put("LOCAL_PLAIN_HTTP", "true");
        azureEnv.put("AZURE_FULFILLMENT_BASE_URL", azure.baseUri().toString());
        azureEnv.put("AZURE_METERING_BASE_URL", azure.baseUri().toString());
        azureEnv.put("AZURE_TOKEN_AUTHORITY", entra.endpoint().toString());
        azureEnv.put("AZURE_MARKETPLACE_TENANT_ID", TENANT);
        azureEnv.put("AZURE_MARKETPLACE_CLIENT_ID", apiClient);
        azureEnv.put("AZURE_MARKETPLACE_CLIENT_SECRET", apiSecret);
        azureEnv.put("AZURE_SIGNIN_AUTHORITY", entra.authority("organizations").toString());
        azureEnv.put("AZURE_SIGNIN_CLIENT_ID", signInClient);
        azureEnv.put("AZURE_SIGNIN_CLIENT_SECRET", signInSecret);
        azureEnv.put("AZURE_WEBHOOK_TENANT_ID", TENANT);
        azureEnv.put("AZURE_WEBHOOK_AUDIENCE", apiClient);
        azureEnv.put("AZURE_WEBHOOK_KEY_SET_URL", entra.keySetUri(TENANT).toString());
        azureEnv.put("AZURE_WEBHOOK_ISSUER_V1_AUTHORITY", entra.issuers().v1Authority());
        azureEnv.put("AZURE_WEBHOOK_ISSUER_V2_AUTHORITY", entra.issuers().v2Authority());
    }

    /** One run's first request: the request JSON, the settings both processes see, and the reference's token. */
    record FirstCall(String requestJson, Map<String, String> environment, String referenceToken) {
    }

    /** A fresh first request for {@code function}, and another fresh token for its Node.js reference. */
    FirstCall next(ColdStartFunction function) {
        Map<String, String> env = new HashMap<>(common);
        env.putAll(function.cloud() == ColdStartFunction.Cloud.AWS ? awsEnv : azureEnv);
        ObjectNode request = JSON.createObjectNode();
        String referenceToken = null;
        switch (function) {
            case AWS_FULFILLMENT -> {
                request.put("method", "POST").put("path", "/aws/fulfillment");
                request.putObject("headers").put("content-type", "application/x-www-form-urlencoded")
                        .put("host", "activation.example.com");
                request.put("body", "x-amzn-marketplace-token=" + URLEncoder.encode(awsToken(),
                        StandardCharsets.UTF_8));
                referenceToken = awsToken();
            }
            case AWS_ACTIVATION -> {
                request.put("method", "GET").put("path", "/activate");
                request.putObject("headers").put("host", "activation.example.com").put("accept", "text/html");
            }
            case AWS_NOTIFICATION -> request.put("messageBody", snsEnvelope());
            case AWS_USAGE -> {
                request.put("method", "POST").put("path", "/internal/usage")
                        .put("iamCaller", "arn:aws:iam::123456789012:role/usage-reporter");
                request.putObject("headers").put("content-type", "application/json")
                        .put("host", "activation.example.com");
                ObjectNode body = JSON.createObjectNode();
                body.putArray("records").addObject().put("recordId", UUID.randomUUID().toString())
                        .put("workspaceId", "ws-" + UUID.randomUUID()).put("dimension", "api_calls")
                        .put("hour", Instant.now().truncatedTo(ChronoUnit.HOURS).toString()).put("quantity", 3);
                request.put("body", body.toString());
            }
            case AWS_METERING -> request.putObject("event").put("source", "aws.scheduler")
                    .put("detail-type", "Scheduled Event");
            case AZURE_LANDING -> {
                request.put("method", "GET").put("path", "/azure/landing")
                        .put("query", "token=" + URLEncoder.encode(azureToken(),
                                StandardCharsets.UTF_8));
                request.putObject("headers").put("host", "activation.example.com").put("accept", "text/html");
                referenceToken = azureToken();
            }
            case AZURE_WEBHOOK -> {
                Purchase purchase = azurePurchase();
                activate(purchase.subscriptionId());
                String operation = azure.changeQuantity(purchase.subscriptionId(), 7).id();
                request.put("method", "POST").put("path", "/azure/webhook");
                request.putObject("headers").put("host", "activation.example.com")
                        .put("content-type", "application/json")
                        .put("authorization", "Bearer " + entra.marketplaceWebhookToken(apiClient, TENANT));
                request.put("body", azure.webhookPayload(operation).toString());
            }
            default -> throw new IllegalArgumentException(function.id());
        }
        return new FirstCall(request.toString(), env, referenceToken);
    }

    private String awsToken() {
        SimulatedCustomer customer = aws.registerCustomer(PRODUCT);
        return aws.issueToken(customer);
    }

    private Purchase azurePurchase() {
        return azure.subscribe(OFFER, PLAN, 5, Identity.withEmail("buyer-" + UUID.randomUUID() + "@example.com"));
    }

    /** Activates the subscription through the Fulfillment API, as the publisher would have. */
    private void activate(String subscriptionId) {
        String form = "grant_type=client_credentials&client_id=" + apiClient + "&client_secret=" + apiSecret
                + "&scope=" + EntraSimulator.MARKETPLACE_APP_ID + "/.default";
        try {
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(entra.tokenUri(TENANT))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            String accessToken = JSON.readTree(token.body()).path("access_token").asText();
            String body = JSON.createObjectNode().put("planId", PLAN).put("quantity", 5).toString();
            HttpResponse<String> activated = http.send(HttpRequest.newBuilder(URI.create(azure.baseUri()
                            + "/saas/subscriptions/" + subscriptionId + "/activate?api-version="
                            + AzureMarketplaceSimulator.API_VERSION))
                    .header("authorization", "Bearer " + accessToken).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (activated.statusCode() != 200) {
                throw new IllegalStateException("activate answered " + activated.statusCode() + ": " + activated.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String azureToken() {
        return azure.issueLandingToken(azurePurchase().subscriptionId());
    }

    /** A subscribe-success notice for a subscribed customer, in the SNS envelope SQS delivers. */
    private String snsEnvelope() {
        SimulatedCustomer customer = aws.registerCustomer(PRODUCT);
        ObjectNode message = JSON.createObjectNode().put("action", "subscribe-success")
                .put("customer-identifier", customer.customerIdentifier()).put("product-code", PRODUCT);
        return JSON.createObjectNode().put("Type", "Notification").put("MessageId", UUID.randomUUID().toString())
                .put("TopicArn", "arn:aws:sns:us-east-1:287250355862:aws-mp-subscription-notification-" + PRODUCT)
                .put("Message", message.toString()).put("Timestamp", Instant.now().toString())
                .put("SignatureVersion", "1").put("Signature", "")
                .put("SigningCertURL", "https://sns.us-east-1.amazonaws.com/cert.pem").toString();
    }

    @Override
    public void close() {
        azure.close();
        entra.close();
        aws.close();
        dynalite.close();
    }
}
