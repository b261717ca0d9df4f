package org.mpactivation.benchmarks.warm;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.mpactivation.adapter.security.Argon2PasswordHasher;
import org.mpactivation.application.SigningKey;
import org.mpactivation.azure.ActivationFunction;
import org.mpactivation.azure.AzureSettings;
import org.mpactivation.azure.fulfillment.EntraClientCredentials;
import org.mpactivation.azure.fulfillment.HttpAzureFulfillment;
import org.mpactivation.azure.fulfillment.RetryPolicy;
import org.mpactivation.azure.signin.EntraSignInSettings;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.config.SiteSettings;
import org.mpactivation.port.out.BuyerSignIn;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.azure.AzureFulfillment;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;
import org.mpactivation.simulator.azure.AzureOffer;
import org.mpactivation.simulator.azure.AzurePlan;
import org.mpactivation.simulator.azure.Identity;
import org.mpactivation.simulator.azure.MovableClock;
import org.mpactivation.simulator.azure.Purchase;
import org.mpactivation.simulator.entra.DirectoryUser;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.simulator.entra.Issuers;
import org.mpactivation.simulator.entra.RegisteredApp;

/**
 * The Azure activation function as production composes it, wired as the functions-azure fuzz world wires
 * it: the function class in this process with the worker's request type, the real SaaS Fulfillment client
 * over HTTP to the Azure Marketplace simulator, the real Entra sign-in against the Entra stand-in. The
 * router is built as {@code AzureGraph} builds it, with the Argon2id hasher behind a timing decorator, and
 * the Fulfillment client and the sign-in behind timing decorators (their calls leave the process).
 */
final class AzureWorld implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-02T10:20:30Z");
    static final String OFFER = "contoso-saas";
    static final String PUBLISHER_TENANT = "9a1b2c3d-0000-4000-8000-00000000aaaa";
    static final URI BASE = URI.create("http://127.0.0.1:9");
    static final String OUTBOUND = "marketplace and Entra calls";

    final MovableClock clock = new MovableClock(START);
    final SideCosts costs = new SideCosts();
    final CodeMailbox mailbox = new CodeMailbox();
    final EntraSimulator entra = EntraSimulator.builder().clock(clock).issuers(Issuers.MICROSOFT).start();
    final AzureMarketplaceSimulator azure;
    final ItemStore store;
    final ActivationFunction activation;
    private final AtomicInteger ids = new AtomicInteger();

    AzureWorld(Function<java.time.Clock, ItemStore> storeOnClock) {
        store = storeOnClock.apply(clock);
        azure = AzureMarketplaceSimulator.builder().clock(clock)
                .acceptedTokens(token -> entra.issuedFor(EntraSimulator.MARKETPLACE_APP_ID, token)).start();
        azure.createOffer(new AzureOffer("contoso", OFFER, List.of(AzurePlan.flatRate("basic", "requests"),
                AzurePlan.perSeat("team", "requests"))));
        String apiClientId = UUID.randomUUID().toString();
        String signInClientId = UUID.randomUUID().toString();
        String apiSecret = "api-" + UUID.randomUUID();
        String signInSecret = "signin-" + UUID.randomUUID();
        entra.registerApp(new RegisteredApp(apiClientId, apiSecret, List.of()));
        entra.registerApp(new RegisteredApp(signInClientId, signInSecret,
                List.of(BASE.resolve("/azure/signin/callback").toString())));

        Map<String, String> env = new HashMap<>();
        env.put(AzureSettings.TABLE_NAME, "activation");
        env.put(AzureSettings.SESSION_SECRET, Base64.getEncoder().encodeToString(new byte[48]));
        env.put(AzureSettings.PUBLIC_BASE_URL, BASE.toString());
        env.put(AzureSettings.LOCAL_PLAIN_HTTP, "true");
        env.put(AzureSettings.METERING_DIMENSIONS, "{\"api_calls\":\"requests\"}");
        env.put(AzureSettings.WEBHOOK_TENANT_ID, PUBLISHER_TENANT);
        env.put(AzureSettings.WEBHOOK_AUDIENCE, apiClientId);
        env.put(AzureSettings.WEBHOOK_KEY_SET_URL, entra.keySetUri(PUBLISHER_TENANT).toString());
        env.put(EntraSignInSettings.AUTHORITY, entra.authority("organizations").toString());
        env.put(EntraSignInSettings.CLIENT_ID, signInClientId);
        env.put(EntraSignInSettings.CLIENT_SECRET, signInSecret);
        AzureSettings settings = AzureSettings.from(env);
        EntraClientCredentials tokens = EntraClientCredentials.forTenant(entra.endpoint(), PUBLISHER_TENANT,
                apiClientId, apiSecret, clock);
        RetryPolicy quick = new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2));
        AzureFulfillment fulfillment = TimedPort.of(AzureFulfillment.class,
                new HttpAzureFulfillment(azure.baseUri(), tokens, quick, Pause.REAL), costs, OUTBOUND);
        BuyerSignIn signIn = TimedPort.of(BuyerSignIn.class, EntraSignInSettings.from(env).buyerSignIn(clock), costs,
                OUTBOUND);
        // as AzureGraph.buildActivationRouter, with the hasher given
        activation = new ActivationFunction(ActivationApplication.builder().store(store).mailer(mailbox)
                .signingKey(SigningKey.fromBase64(settings.sessionSecret())).clock(clock)
                .sites(SiteSettings.parse(settings.sitesJson())).secureCookies(settings.secureCookies())
                .passwords(new TimedPasswordHasher(new Argon2PasswordHasher(), costs))
                .azure(fulfillment, signIn, settings.publicBaseUrl()).build().router());
    }

    /** A purchase and the Entra user who made it (each buyer new, in a tenant of their own). */
    record Buyer(Purchase purchase, DirectoryUser user) {
    }

    /** A new buyer's purchase on the simulated marketplace (per-seat plan, 5 seats). */
    Buyer buy() {
        int n = ids.incrementAndGet();
        DirectoryUser user = new DirectoryUser(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                "buyer" + n + "@contoso.example", "Buyer " + n);
        entra.addUser(user);
        return new Buyer(azure.subscribe(OFFER, "team", 5, new Identity(user.email(), user.objectId(),
                user.tenantId(), "1003" + user.objectId().substring(0, 8))), user);
    }

    AzureBrowser browser() {
        return new AzureBrowser(activation, BASE);
    }

    String unique(String prefix) {
        return prefix + ids.incrementAndGet();
    }

    @Override
    public void close() {
        azure.close();
        entra.close();
    }
}
