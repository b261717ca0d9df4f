package org.mpactivation.local.simulator;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mpactivation.aws.notify.NotificationQueueHandler;
import org.mpactivation.local.simulator.AwsNotifications.Notice;
import org.mpactivation.local.simulator.SimulatorViews.Buyer;
import org.mpactivation.local.simulator.SimulatorViews.CallCount;
import org.mpactivation.local.simulator.SimulatorViews.Delivery;
import org.mpactivation.local.simulator.SimulatorViews.Entitlement;
import org.mpactivation.local.simulator.SimulatorViews.MeteringPage;
import org.mpactivation.local.simulator.SimulatorViews.MeteringRow;
import org.mpactivation.local.simulator.SimulatorViews.ProductPage;
import org.mpactivation.local.simulator.SimulatorViews.SetupPage;
import org.mpactivation.simulator.aws.AwsMarketplaceSimulator;
import org.mpactivation.simulator.aws.AwsOperation;
import org.mpactivation.simulator.aws.EntitlementValue;
import org.mpactivation.simulator.aws.MeteringRecord;
import org.mpactivation.simulator.aws.SimulatedCustomer;
import org.mpactivation.simulator.aws.SimulatedProduct;
import org.mpactivation.web.BadRequestException;
import org.mpactivation.web.FormData;
import org.mpactivation.web.PageRenderer;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated AWS Marketplace's pages, for one SaaS product of the {@link AwsMarketplaceSimulator}:
 *
 * <ul>
 *   <li>{@code GET /simulator/aws}: the product page ("Continue to Subscribe") with the buyers so far,
 *       per buyer the lifecycle notifications to send and an entitlements form, and the deliveries made;</li>
 *   <li>{@code POST /simulator/aws/subscribe}: registers a buyer (a new random AWS account, or the account
 *       typed in) and answers the page AWS shows after subscribing, whose "Set up your account" button
 *       makes the browser POST {@code x-amzn-marketplace-token} to the fulfillment URL;</li>
 *   <li>{@code POST /simulator/aws/buyers/{buyer}/setup}: a new token for a buyer, the same page;</li>
 *   <li>{@code POST /simulator/aws/buyers/{buyer}/subscribe-again}: the buyer of an ended subscription buys
 *       again (same AWS account and customer identifier, a new licence), then the same page;</li>
 *   <li>{@code POST /simulator/aws/buyers/{buyer}/events}: changes the subscription where the marketplace
 *       would, then delivers the SNS message or EventBridge event through the notification queue;</li>
 *   <li>{@code POST /simulator/aws/buyers/{buyer}/entitlements}: sets or removes an entitlement;</li>
 *   <li>{@code POST /simulator/aws/deliveries/{number}/again}: delivers a body again (at-least-once);</li>
 *   <li>{@code GET /simulator/aws/metering}: the usage records received and the calls per operation.</li>
 * </ul>
 *
 * <p>{@code {buyer}} is the last part of the buyer's licence ARN ({@code l-…}). Every state change is a
 * same-site form POST answered by a redirect (or, for subscribing, by the page AWS shows).
 */
public final class AwsMarketplacePages {

    public static final String BASE = "/simulator/aws";
    static final int KEPT_DELIVERIES = 50;

    private static final Logger LOG = LoggerFactory.getLogger(AwsMarketplacePages.class);
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final Pattern BUYER_KEY = Pattern.compile("l-[0-9a-zA-Z]{1,64}");
    private static final Pattern DELIVERY_NUMBER = Pattern.compile("[1-9][0-9]{0,8}");
    private static final int MAX_ECHO = 64;
    private static final Map<String, String> NOTICES = Map.of(
            "delivered", "The notification was delivered: its result is the first one under Deliveries.",
            "entitlement-set", "The entitlement is set: GetEntitlements returns it now. AWS would also notify "
                    + "(entitlement-updated or License Updated): send it from the buyer's card.",
            "entitlement-removed", "The entitlement is removed: GetEntitlements no longer returns it.");

    private final AwsMarketplaceSimulator simulator;
    private final String productCode;
    private final SimulatedProduct product;
    private final String fulfillmentPath;
    private final NotificationDelivery delivery;
    private final PageRenderer renderer;
    private final Clock clock;
    private final AwsNotifications notifications;

    /** Per licence ARN: what the simulator itself does not keep. Guarded by {@code this}. */
    private final Map<String, BuyerState> buyerStates = new HashMap<>();
    /** Newest first. Guarded by {@code this}. */
    private final Deque<Sent> deliveries = new ArrayDeque<>();
    private int deliveryCount;

    /** Delivers the notifications straight into the notification queue's function. */
    public AwsMarketplacePages(AwsMarketplaceSimulator simulator, String productCode, String fulfillmentPath,
                               NotificationQueueHandler handler, PageRenderer renderer, Clock clock) {
        this(simulator, productCode, fulfillmentPath, NotificationDelivery.to(handler), renderer, clock);
    }

    /**
     * @param productCode     the product the page sells (declared in the simulator if it is not yet)
     * @param fulfillmentPath where the "Set up your account" form posts, e.g. {@code /aws/fulfillment}
     */
    public AwsMarketplacePages(AwsMarketplaceSimulator simulator, String productCode, String fulfillmentPath,
                               NotificationDelivery delivery, PageRenderer renderer, Clock clock) {
        this.simulator = Objects.requireNonNull(simulator, "simulator");
        this.productCode = Objects.requireNonNull(productCode, "productCode");
        this.product = simulator.product(productCode);
        this.fulfillmentPath = Objects.requireNonNull(fulfillmentPath, "fulfillmentPath");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.clock = Objects.requireNonNull(clock, "clock");
        SecureRandom random = new SecureRandom();
        this.notifications = new AwsNotifications(productCode, randomAccountId(random), clock, random);
    }

    public Router mount(Router router) {
        SimulatorStylesheet.mount(router);
        return router
                .get(BASE, (request, params) -> productPage(200, null, "", request.queryParam("done")
                        .map(NOTICES::get).orElse(null)))
                .post(BASE + "/subscribe", this::subscribe)
                .post(BASE + "/buyers/{buyer}/setup", this::setUpAgain)
                .post(BASE + "/buyers/{buyer}/subscribe-again", this::subscribeAgain)
                .post(BASE + "/buyers/{buyer}/events", this::fireFromForm)
                .post(BASE + "/buyers/{buyer}/entitlements", this::entitlements)
                .post(BASE + "/deliveries/{number}/again", this::deliverAgain)
                .get(BASE + "/metering", (request, params) -> render(200, "awsMetering", meteringPage()));
    }

    /** The notification writer (its seller account, offer and topics), for tests and the local server's log. */
    public AwsNotifications notifications() {
        return notifications;
    }

    // ---- subscribing

    private WebResponse subscribe(WebRequest request, Map<String, String> params) {
        FormData form = SimulatorForms.parse(request);
        String account = form.getOrEmpty("awsAccountId").strip();
        boolean freeTrial = "true".equals(form.get("freeTrial"));
        if (!account.isEmpty() && !ACCOUNT_ID.matcher(account).matches()) {
            return productPage(400, "An AWS account id is 12 digits; leave the field empty for a new random account.",
                    echo(account), null);
        }
        SimulatedCustomer customer;
        boolean returning = false;
        synchronized (this) {
            Optional<SimulatedCustomer> existing = account.isEmpty() || product.usesConcurrentAgreements()
                    ? Optional.empty()
                    : customers().stream().filter(c -> c.awsAccountId().equals(account)).reduce((a, b) -> b);
            if (existing.isPresent() && simulator.isSubscribed(existing.get())) {
                // the account still subscribes: the buyer opens the product again
                customer = existing.get();
                returning = true;
            } else if (existing.isPresent()) {
                // the account buys again after its subscription ended: AWS keeps its customer
                // identifier and issues a new licence, a new subscription
                customer = simulator.subscribeAgain(existing.get());
            } else if (account.isEmpty()) {
                customer = simulator.registerCustomer(productCode);
            } else {
                customer = simulator.registerCustomer(productCode, account);
            }
            state(customer).freeTrial = freeTrial;
        }
        return setupPage(customer, returning);
    }

    /** The buyer of an ended subscription buys the product again: a new subscription, the same account. */
    private WebResponse subscribeAgain(WebRequest request, Map<String, String> params) {
        SimulatorForms.parse(request);
        SimulatedCustomer ended = buyer(params.get("buyer"));
        SimulatedCustomer customer;
        synchronized (this) {
            if (simulator.isSubscribed(ended) || customers().stream().anyMatch(c -> simulator.isSubscribed(c)
                    && c.customerIdentifier().equals(ended.customerIdentifier()))) {
                return productPage(409, "This buyer still subscribes to the product: end the subscription "
                        + "(unsubscribe-success) before subscribing again.", "", null);
            }
            customer = simulator.subscribeAgain(ended);
            state(customer).freeTrial = state(ended).freeTrial;
        }
        return setupPage(customer, false);
    }

    private WebResponse setUpAgain(WebRequest request, Map<String, String> params) {
        SimulatorForms.parse(request);
        return setupPage(buyer(params.get("buyer")), true);
    }

    private WebResponse setupPage(SimulatedCustomer customer, boolean returning) {
        String token = simulator.issueToken(customer);
        boolean freeTrial;
        synchronized (this) {
            freeTrial = state(customer).freeTrial;
        }
        return render(200, "awsSetup", new SetupPage(productCode, fulfillmentPath, token,
                freeTrial ? "free-trial" : null, customer.customerIdentifier(), customer.awsAccountId(),
                customer.licenseArn(), returning, product.usesConcurrentAgreements()));
    }

    // ---- lifecycle notifications

    private WebResponse fireFromForm(WebRequest request, Map<String, String> params) {
        FormData form = SimulatorForms.parse(request);
        SimulatedCustomer customer = buyer(params.get("buyer"));
        Optional<AwsLifecycleEvent> chosen = AwsLifecycleEvent.fromFormValue(form.get("event"));
        if (chosen.isEmpty()) {
            return productPage(400, "Choose one of the notifications.", "", null);
        }
        AwsLifecycleEvent event = chosen.get();
        String status = Optional.ofNullable(form.get("agreementStatus")).orElse("CANCELLED");
        if (event == AwsLifecycleEvent.AGREEMENT_ENDED && !AwsLifecycleEvent.ENDED_STATUSES.contains(status)) {
            return productPage(400, "An ended agreement's status is one of " + AwsLifecycleEvent.ENDED_STATUSES + ".",
                    "", null);
        }
        fire(event, customer, status);
        return WebResponse.seeOther(BASE + "?done=delivered#deliveries");
    }

    /**
     * What a button does: {@link #send} and deliver, recording the delivery on the page.
     *
     * @param endedStatus the agreement status of a Purchase Agreement Ended event (else ignored)
     * @return the delivery and what the queue function answered
     */
    public Delivery fire(AwsLifecycleEvent event, SimulatedCustomer customer, String endedStatus) {
        return deliver(customer, send(event, customer, endedStatus), null);
    }

    /** The deliveries kept for the page (the latest {@value #KEPT_DELIVERIES}), newest first. */
    public synchronized List<Delivery> deliveries() {
        return deliveries.stream().map(Sent::view).toList();
    }

    /**
     * Does to the subscription what the marketplace does before it sends the notification, then writes the
     * notification (not yet delivered).
     *
     * @param endedStatus the agreement status of a Purchase Agreement Ended event
     */
    public Notice send(AwsLifecycleEvent event, SimulatedCustomer customer, String endedStatus) {
        synchronized (this) {
            switch (event.effect()) {
                case SUBSCRIBE -> {
                    if (!simulator.isSubscribed(customer)) {
                        simulator.resubscribe(customer);
                    }
                }
                case UNSUBSCRIBE -> {
                    if (simulator.isSubscribed(customer)) {
                        simulator.unsubscribe(customer);
                    }
                }
                case NONE -> {
                    // the notification reports a change the subscription's state does not show
                }
            }
            BuyerState state = state(customer);
            return event.isSns()
                    ? notifications.sns(event, customer, state.freeTrial)
                    : notifications.eventBridge(event, customer, agreement(customer, state), endedStatus);
        }
    }

    private WebResponse deliverAgain(WebRequest request, Map<String, String> params) {
        SimulatorForms.parse(request);
        String number = params.get("number");
        if (!DELIVERY_NUMBER.matcher(number).matches()) {
            throw new BadRequestException(404, "error.request.notFound");
        }
        Sent original;
        synchronized (this) {
            original = deliveries.stream().filter(sent -> sent.number == Integer.parseInt(number)).findFirst()
                    .orElseThrow(() -> new BadRequestException(404, "error.request.notFound"));
        }
        deliver(original.customer, original.notice, original.number);
        return WebResponse.seeOther(BASE + "?done=delivered#deliveries");
    }

    /** Puts the notice on the queue (a new SQS message) and records what the function answered. */
    private Delivery deliver(SimulatedCustomer customer, Notice notice, Integer repeatOf) {
        SQSEvent event = notifications.queueEvent(notice.body(), notice.event().channel());
        String sqsMessageId = event.getRecords().get(0).getMessageId();
        boolean accepted;
        String outcome;
        try {
            SQSBatchResponse response = delivery.deliver(event);
            boolean failed = response != null && response.getBatchItemFailures() != null
                    && response.getBatchItemFailures().stream()
                    .anyMatch(failure -> sqsMessageId.equals(failure.getItemIdentifier()));
            accepted = !failed;
            outcome = failed
                    ? "reported in batchItemFailures: the queue would deliver it again, then move it to the dead-letter queue"
                    : "the function is done with it (applied, already seen, or ignored: its log says which)";
        } catch (RuntimeException e) {
            LOG.warn("notification delivery threw noticeId={} sqsMessageId={}", notice.noticeId(), sqsMessageId, e);
            accepted = false;
            outcome = "the function threw " + e.getClass().getSimpleName() + " (see the server log)";
        }
        LOG.info("simulated AWS notification delivered event={} noticeId={} accepted={}", notice.event().wireName(),
                notice.noticeId(), accepted);
        synchronized (this) {
            Sent sent = new Sent(++deliveryCount, clock.instant(), customer, notice, sqsMessageId, accepted, outcome,
                    repeatOf);
            deliveries.addFirst(sent);
            while (deliveries.size() > KEPT_DELIVERIES) {
                deliveries.removeLast();
            }
            return sent.view();
        }
    }

    // ---- entitlements

    private WebResponse entitlements(WebRequest request, Map<String, String> params) {
        FormData form = SimulatorForms.parse(request);
        SimulatedCustomer customer = buyer(params.get("buyer"));
        String dimension = form.getOrEmpty("dimension");
        if (!product.hasDimension(dimension)) {
            return productPage(400, "The product has no dimension \u201c" + echo(dimension) + "\u201d.", "", null);
        }
        if ("remove".equals(form.get("action"))) {
            synchronized (this) {
                simulator.removeEntitlement(customer, dimension);
                state(customer).entitlements.remove(dimension);
            }
            return WebResponse.seeOther(BASE + "?done=entitlement-removed#buyer-" + keyOf(customer));
        }
        int value;
        try {
            value = Integer.parseInt(form.getOrEmpty("value").strip());
        } catch (NumberFormatException notAnInteger) {
            value = -1;
        }
        if (value < 0) {
            return productPage(400, "An entitlement's quantity is a whole number, 0 or more (not \u201c"
                    + echo(form.getOrEmpty("value")) + "\u201d).", "", null);
        }
        Instant expires;
        try {
            expires = parseExpiry(form.getOrEmpty("expires").strip());
        } catch (DateTimeParseException notADate) {
            return productPage(400, "The expiry is a date (YYYY-MM-DD) or left empty (not \u201c"
                    + echo(form.getOrEmpty("expires")) + "\u201d).", "", null);
        }
        synchronized (this) {
            simulator.entitlement(customer, dimension, EntitlementValue.ofInteger(value), expires);
            state(customer).entitlements.put(dimension, new Granted(value, expires));
        }
        return WebResponse.seeOther(BASE + "?done=entitlement-set#buyer-" + keyOf(customer));
    }

    /** A date is the start of that day, UTC; an instant is taken as it is; empty is no expiry. */
    private static Instant parseExpiry(String text) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.parse(text);
    }

    // ---- pages

    private WebResponse productPage(int status, String error, String typedAccountId, String notice) {
        List<Buyer> buyers = new ArrayList<>();
        List<Delivery> shown = new ArrayList<>();
        synchronized (this) {
            List<SimulatedCustomer> customers = new ArrayList<>(customers());
            Collections.reverse(customers);
            for (SimulatedCustomer customer : customers) {
                BuyerState state = state(customer);
                List<Entitlement> entitlements = new ArrayList<>();
                state.entitlements.forEach((dimension, granted) -> entitlements.add(new Entitlement(dimension,
                        granted.value, granted.expires == null ? "never" : granted.expires.toString())));
                buyers.add(new Buyer(keyOf(customer), customer.customerIdentifier(), customer.awsAccountId(),
                        customer.licenseArn(), state.agreementId, simulator.isSubscribed(customer), state.freeTrial,
                        seconds(customer.registeredAt()), entitlements));
            }
            for (Sent sent : deliveries) {
                shown.add(sent.view());
            }
        }
        String namedBy = product.usesConcurrentAgreements()
                ? "AWS account id and licence ARN (concurrent agreements: ResolveCustomer returns no customer identifier)"
                : product.returnsLicenseArns() ? "customer identifier; ResolveCustomer also returns the licence ARN"
                : "customer identifier";
        ProductPage page = new ProductPage(productCode, List.copyOf(product.dimensionNames()), namedBy, fulfillmentPath,
                notifications.sellerAccountId(), notifications.productId(), notifications.offerId(),
                notifications.subscriptionTopicArn(), notifications.entitlementTopicArn(), notifications.queueArn(),
                buyers, shown, typedAccountId, notice, error, AwsLifecycleEvent.sns(), AwsLifecycleEvent.eventBridge(),
                AwsLifecycleEvent.ENDED_STATUSES);
        return render(status, "aws", page);
    }

    private MeteringPage meteringPage() {
        List<MeteringRecord> records = new ArrayList<>(simulator.meteringRecords());
        Collections.reverse(records);
        List<MeteringRow> rows = records.stream().map(r -> new MeteringRow(seconds(r.acceptedAt()), r.productCode(),
                r.customerIdentifier(), r.customerAwsAccountId(), r.licenseArn(), r.identifiedBy(), r.dimension(),
                seconds(r.hour()), r.quantity(), r.meteringRecordId(), r.allocations().size())).toList();
        Map<AwsOperation, Long> counts = simulator.callCounts();
        List<CallCount> calls = new ArrayList<>();
        for (AwsOperation operation : AwsOperation.values()) {
            calls.add(new CallCount(operation.operationName(), operation.target(), counts.getOrDefault(operation, 0L)));
        }
        return new MeteringPage(rows, calls);
    }

    private WebResponse render(int status, String template, Object page) {
        return WebResponse.html(status, renderer.render("local/simulator/" + template, Map.of("page", page)));
    }

    // ---- buyers

    private List<SimulatedCustomer> customers() {
        return simulator.customers().stream().filter(c -> c.productCode().equals(productCode)).toList();
    }

    private SimulatedCustomer buyer(String key) {
        if (key == null || !BUYER_KEY.matcher(key).matches()) {
            throw new BadRequestException(404, "error.request.notFound");
        }
        return customers().stream().filter(c -> keyOf(c).equals(key)).findFirst()
                .orElseThrow(() -> new BadRequestException(404, "error.request.notFound"));
    }

    /** The licence id: the last part of the licence ARN, unique per registration. */
    static String keyOf(SimulatedCustomer customer) {
        String arn = customer.licenseArn();
        return arn.substring(arn.lastIndexOf(':') + 1);
    }

    private BuyerState state(SimulatedCustomer customer) {
        return buyerStates.computeIfAbsent(customer.licenseArn(), arn -> new BuyerState(notifications.newAgreementId()));
    }

    /** The buyer's agreement: from the registration to the last expiry set on the page (pay-as-you-go: none). */
    private static AwsNotifications.Agreement agreement(SimulatedCustomer customer, BuyerState state) {
        Instant end = state.entitlements.values().stream().map(granted -> granted.expires).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
        return new AwsNotifications.Agreement(state.agreementId, customer.registeredAt(), end);
    }

    private static String echo(String typed) {
        return typed.length() <= MAX_ECHO ? typed : typed.substring(0, MAX_ECHO) + "\u2026";
    }

    private static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String randomAccountId(SecureRandom random) {
        StringBuilder account = new StringBuilder(12);
        account.append(1 + random.nextInt(9));
        for (int i = 1; i < 12; i++) {
            account.append(random.nextInt(10));
        }
        return account.toString();
    }

    /** What the page keeps about a buyer beside the simulator's own state. */
    private static final class BuyerState {
        final String agreementId;
        boolean freeTrial;
        final Map<String, Granted> entitlements = new LinkedHashMap<>();

        BuyerState(String agreementId) {
            this.agreementId = agreementId;
        }
    }

    private record Granted(int value, Instant expires) {
    }

    private record Sent(int number, Instant at, SimulatedCustomer customer, Notice notice, String sqsMessageId,
                        boolean accepted, String outcome, Integer repeatOf) {

        Delivery view() {
            return new Delivery(number, seconds(at), customer.customerIdentifier(), customer.awsAccountId(),
                    notice.event().wireName(), notice.event().isSns() ? "SNS" : "EventBridge", notice.noticeId(),
                    sqsMessageId, accepted, outcome, notice.body(), repeatOf);
        }
    }
}
