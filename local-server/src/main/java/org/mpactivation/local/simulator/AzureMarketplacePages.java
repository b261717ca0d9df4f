package org.mpactivation.local.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mpactivation.local.simulator.AzureSimulatorViews.OfferPage;
import org.mpactivation.local.simulator.AzureSimulatorViews.Plan;
import org.mpactivation.local.simulator.AzureSimulatorViews.Subscription;
import org.mpactivation.local.simulator.AzureSimulatorViews.SubscribeForm;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;
import org.mpactivation.simulator.azure.AzureOffer;
import org.mpactivation.simulator.azure.AzurePlan;
import org.mpactivation.simulator.azure.AzureSubscription;
import org.mpactivation.simulator.azure.Identity;
import org.mpactivation.simulator.azure.OperationAction;
import org.mpactivation.simulator.azure.OperationStatus;
import org.mpactivation.simulator.azure.Purchase;
import org.mpactivation.simulator.entra.DirectoryUser;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.web.BadRequestException;
import org.mpactivation.web.FormData;
import org.mpactivation.web.PageRenderer;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

/**
 * The simulated Azure Marketplace's pages, for a person trying the Azure flow locally against an in-process
 * {@link AzureMarketplaceSimulator} (SaaS Fulfillment v2 and Metering) and {@link EntraSimulator}:
 *
 * <ul>
 *   <li>{@code GET /simulator/azure}: the offer ({@link AzureOfferPlans}), a subscribe form, the subscriptions
 *       bought here with their marketplace status, plan, seats and term, each with a "Configure account" link
 *       to the publisher's landing page ({@code ?token=}) and the six lifecycle actions; the webhook
 *       deliveries, each redeliverable;</li>
 *   <li>{@code POST /simulator/azure/subscribe}: a buyer purchases a plan (and becomes a user the Entra
 *       sign-in page offers);</li>
 *   <li>{@code POST /simulator/azure/subscriptions/{id}/token}: a new landing token, as when the buyer opens
 *       "Configure account" again;</li>
 *   <li>{@code POST /simulator/azure/subscriptions/{id}/operations}: starts ChangePlan, ChangeQuantity,
 *       Suspend, Reinstate, Renew or Unsubscribe as Azure does and posts the webhook
 *       ({@link AzureWebhookDeliveries});</li>
 *   <li>{@code POST /simulator/azure/deliveries/{number}/again}: posts a webhook again, same operation id;</li>
 *   <li>{@code GET /simulator/azure/metering}: the usage events accepted ({@link AzureMeteringView}).</li>
 * </ul>
 *
 * <p>Every form is a same-origin POST carrying the page's form token, answered by a redirect; refused input
 * gets the page again with a 400 (409 when the subscription's status does not allow the action), nothing
 * changed.
 */
public final class AzureMarketplacePages {

    public static final String BASE = "/simulator/azure";

    private static final Pattern SUBSCRIPTION_ID = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    private static final Pattern DELIVERY_NUMBER = Pattern.compile("[1-9][0-9]{0,8}");
    private static final Map<String, String> NOTICES = Map.of(
            "subscribed", "Subscribed. \u201cConfigure account\u201d sends the buyer to the landing page.",
            "token", "A new landing token: the \u201cConfigure account\u201d link carries it.",
            "delivered", "The webhook was posted: its result is the first one under Deliveries.");

    private static final ObjectMapper READABLE_JSON = new ObjectMapper();

    private final PageRenderer renderer;
    private final Live live;

    /**
     * Declares the offer of {@link AzureOfferPlans} in the simulator (which must not hold it yet).
     *
     * @param entra      signs the webhook tokens, and offers each buyer on its sign-in page
     * @param dimensions the marketplace names of the product's metering dimensions (both plans meter them)
     * @param landingUrl the publisher's landing page the buyer's browser is sent to, e.g. {@code /azure/landing}
     * @param webhook    the publisher's webhook and the tenant and application its tokens name
     */
    public AzureMarketplacePages(AzureMarketplaceSimulator simulator, EntraSimulator entra, List<String> dimensions,
                                 URI landingUrl, AzureWebhookTarget webhook, PageRenderer renderer, Clock clock) {
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        AzureOffer offer = AzureOfferPlans.offer(dimensions);
        simulator.createOffer(offer);
        AzureWebhookDeliveries deliveries = new AzureWebhookDeliveries(simulator,
                new AzureWebhookSender(entra, webhook), clock);
        this.live = new Live(simulator, entra, offer, Objects.requireNonNull(landingUrl, "landingUrl"), webhook,
                deliveries, new SimulatorFormToken(), Objects.requireNonNull(clock, "clock"));
    }

    public Router mount(Router router) {
        SimulatorStylesheet.mount(router);
        return router
                .get(BASE, (request, params) -> offerPage(200, request.queryParam("done").map(NOTICES::get)
                        .orElse(null), null, SubscribeForm.empty()))
                .post(BASE + "/subscribe", this::subscribe)
                .post(BASE + "/subscriptions/{id}/token", this::newToken)
                .post(BASE + "/subscriptions/{id}/operations", this::operation)
                .post(BASE + "/deliveries/{number}/again", this::redeliver)
                .get(BASE + "/metering", (request, params) -> render(200, "azureMetering",
                        AzureMeteringView.of(live.simulator)));
    }

    /** Everything the working pages need; absent on the placeholder. */
    private record Live(AzureMarketplaceSimulator simulator, EntraSimulator entra, AzureOffer offer, URI landingUrl,
                        AzureWebhookTarget webhook, AzureWebhookDeliveries deliveries, SimulatorFormToken formToken,
                        Clock clock, Map<String, Bought> bought) {

        Live(AzureMarketplaceSimulator simulator, EntraSimulator entra, AzureOffer offer, URI landingUrl,
             AzureWebhookTarget webhook, AzureWebhookDeliveries deliveries, SimulatorFormToken formToken,
             Clock clock) {
            // subscription id -> what the page keeps of it, in purchase order; guarded by itself
            this(simulator, entra, offer, landingUrl, webhook, deliveries, formToken, clock, new LinkedHashMap<>());
        }
    }

    /** What the page keeps of a subscription bought here: its latest landing token and the buyer's name. */
    private record Bought(String landingToken, String buyerName) {
    }

    // ---- buying

    private WebResponse subscribe(WebRequest request, Map<String, String> params) {
        FormData form = live.formToken.parse(request);
        AzureSubscribeRequest buyer;
        try {
            buyer = AzureSubscribeRequest.from(form, live.offer);
        } catch (AzureSubscribeRequest.Invalid invalid) {
            return offerPage(400, null, invalid.getMessage(), AzureSubscribeRequest.typed(form));
        }
        Identity identity = Identity.withEmail(buyer.email());
        identity = new Identity(identity.emailId(), identity.objectId(), buyer.tenantId(), identity.puid());
        Purchase purchase = live.simulator.subscribe(live.offer.offerId(), buyer.plan().planId(), buyer.seats(),
                identity);
        // the buyer can then sign in on the landing page with the Entra stand-in
        live.entra.addUser(new DirectoryUser(identity.tenantId(), identity.objectId(), identity.emailId(),
                buyer.name()));
        synchronized (live.bought) {
            live.bought.put(purchase.subscriptionId(), new Bought(purchase.token(), buyer.name()));
        }
        return WebResponse.seeOther(BASE + "?done=subscribed#subscription-" + purchase.subscriptionId());
    }

    private WebResponse newToken(WebRequest request, Map<String, String> params) {
        live.formToken.parse(request);
        String id = subscriptionId(params.get("id"));
        String token = live.simulator.issueLandingToken(id);
        synchronized (live.bought) {
            live.bought.computeIfPresent(id, (key, kept) -> new Bought(token, kept.buyerName()));
        }
        return WebResponse.seeOther(BASE + "?done=token#subscription-" + id);
    }

    // ---- lifecycle

    private WebResponse operation(WebRequest request, Map<String, String> params) {
        FormData form = live.formToken.parse(request);
        String id = subscriptionId(params.get("id"));
        AzureSubscription subscription = live.simulator.subscription(id);
        Optional<OperationAction> action = Arrays.stream(OperationAction.values())
                .filter(a -> a.name().equals(form.get("action"))).findFirst();
        if (action.isEmpty()) {
            return offerPage(400, null, "Choose one of the six actions.", SubscribeForm.empty());
        }
        String planId = null;
        Integer quantity = null;
        if (action.get() == OperationAction.ChangePlan) {
            planId = form.getOrEmpty("planId").strip();
            if (live.offer.plan(planId).isEmpty() || planId.equals(subscription.planId())) {
                return offerPage(400, null, "ChangePlan needs another plan of the offer than the current one.",
                        SubscribeForm.empty());
            }
        } else if (action.get() == OperationAction.ChangeQuantity) {
            if (!plan(subscription).pricePerSeat()) {
                return offerPage(400, null, "Only a per-seat plan has seats to change.", SubscribeForm.empty());
            }
            quantity = AzureSubscribeRequest.seats(form.getOrEmpty("quantity")).orElse(null);
            if (quantity == null || quantity.equals(subscription.quantity())) {
                return offerPage(400, null, "ChangeQuantity needs a new number of seats from 1 to "
                        + AzureSubscribeRequest.MAX_SEATS + ".", SubscribeForm.empty());
            }
        }
        try {
            live.deliveries.fire(id, action.get(), planId, quantity);
        } catch (AzureWebhookDeliveries.Refused notNow) {
            return offerPage(409, null, "The marketplace refuses this now: " + notNow.getMessage() + ".",
                    SubscribeForm.empty());
        }
        return WebResponse.seeOther(BASE + "?done=delivered#deliveries");
    }

    private WebResponse redeliver(WebRequest request, Map<String, String> params) {
        live.formToken.parse(request);
        String number = params.get("number");
        if (!DELIVERY_NUMBER.matcher(number).matches()
                || live.deliveries.redeliver(Integer.parseInt(number)).isEmpty()) {
            throw new BadRequestException(404, "error.request.notFound");
        }
        return WebResponse.seeOther(BASE + "?done=delivered#deliveries");
    }

    // ---- pages

    private WebResponse offerPage(int status, String notice, String error, SubscribeForm typed) {
        List<Plan> plans = live.offer.plans().stream().map(p -> new Plan(p.planId(), p.displayName(),
                p.pricePerSeat(), p.termUnit(), p.dimensions())).toList();
        Map<String, Bought> bought;
        synchronized (live.bought) {
            bought = new LinkedHashMap<>(live.bought);
        }
        List<Subscription> subscriptions = new ArrayList<>();
        bought.forEach((id, kept) -> subscriptions.add(0, subscriptionView(live.simulator.subscription(id), kept)));
        List<AzureSimulatorViews.Delivery> deliveries = live.deliveries.newestFirst().stream()
                .map(AzureMarketplacePages::deliveryView).toList();
        AzureWebhookTarget webhook = live.webhook;
        OfferPage page = new OfferPage(live.offer.publisherId(), live.offer.offerId(), plans,
                live.landingUrl.toString(), webhook.url().get().toString(), webhook.tenantId(),
                webhook.applicationId(), webhook.form().name(), subscriptions, deliveries, live.formToken.value(),
                typed, notice, error);
        return render(status, "azure", page);
    }

    private Subscription subscriptionView(AzureSubscription s, Bought kept) {
        boolean perSeat = plan(s).pricePerSeat();
        List<String> allowed = switch (s.status()) {
            case Subscribed -> perSeat
                    ? List.of("ChangePlan", "ChangeQuantity", "Suspend", "Renew", "Unsubscribe")
                    : List.of("ChangePlan", "Suspend", "Renew", "Unsubscribe");
            case Suspended -> List.of("Reinstate", "Unsubscribe");
            default -> List.of();
        };
        List<String> pending = live.simulator.operations().stream()
                .filter(op -> op.subscriptionId().equals(s.id()) && op.status() == OperationStatus.InProgress)
                .map(op -> op.action() + " " + op.id()).toList();
        String term = s.term() == null ? "starts when the publisher activates the subscription"
                : date(s.term().startDate()) + " to " + date(s.term().endDate()) + " (" + s.term().termUnit() + ")";
        List<String> otherPlans = live.offer.plans().stream().map(AzurePlan::planId)
                .filter(p -> !p.equals(s.planId())).toList();
        return new Subscription(s.id(), s.name(), s.status().name(), s.planId(),
                s.quantity() == null ? "flat rate" : s.quantity() + " seats", term, s.autoRenew() ? "yes" : "no",
                kept.buyerName() + " <" + s.purchaser().emailId() + ">", s.purchaser().tenantId(),
                seconds(s.created()), new Purchase(s.id(), kept.landingToken()).landingUrl(live.landingUrl).toString(), perSeat, otherPlans, allowed,
                pending);
    }

    private static AzureSimulatorViews.Delivery deliveryView(AzureWebhookDeliveries.Delivery d) {
        return new AzureSimulatorViews.Delivery(d.number(), seconds(d.at()), d.action().name(), d.operationId(),
                d.subscriptionId(), d.answer().status() == 0 ? "no answer" : Integer.toString(d.answer().status()),
                d.answer().excerpt(), d.answer().success(), d.operationAfter().name(), d.subscriptionAfter().name(),
                readable(d.body()), d.repeatOf());
    }

    /** The body as posted, indented for reading (what was posted stays compact). */
    private static String readable(byte[] body) {
        try {
            return READABLE_JSON.writerWithDefaultPrettyPrinter().writeValueAsString(READABLE_JSON.readTree(body));
        } catch (IOException notJson) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private WebResponse render(int status, String template, Object page) {
        Map<String, Object> params = new HashMap<>();
        params.put("page", page);
        return WebResponse.html(status, renderer.render("local/simulator/" + template, params));
    }

    // ---- lookups

    /** A subscription bought on these pages; anything else is a 404. */
    private String subscriptionId(String raw) {
        if (raw == null || !SUBSCRIPTION_ID.matcher(raw).matches()) {
            throw new BadRequestException(404, "error.request.notFound");
        }
        synchronized (live.bought) {
            if (!live.bought.containsKey(raw)) {
                throw new BadRequestException(404, "error.request.notFound");
            }
        }
        return raw;
    }

    private AzurePlan plan(AzureSubscription subscription) {
        return live.offer.plan(subscription.planId()).orElseThrow();
    }

    private static String date(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
