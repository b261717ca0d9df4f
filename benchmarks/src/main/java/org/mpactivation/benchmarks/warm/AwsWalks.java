package org.mpactivation.benchmarks.warm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.mpactivation.application.FakeAwsMarketplace;
import org.mpactivation.application.FakeAwsMetering;
import org.mpactivation.application.HourlyMetering;
import org.mpactivation.domain.AwsSubscriptionRef;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceNotice;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.in.NoticeReceiver;
import org.mpactivation.repository.SubscriptionRepository;

/** What a buyer and the marketplace do on AWS, through the real handlers of an {@link AwsWorld}. */
final class AwsWalks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsWorld world;
    private final StepTimer timer;
    private final RegistrationPages pages;

    AwsWalks(AwsWorld world, StepTimer timer) {
        this.world = world;
        this.timer = timer;
        this.pages = new RegistrationPages(timer, world.mailbox);
    }

    /** A buyer who registered: [customer identifier, account id, username]. */
    record Buyer(String customer, String account, String username) {
    }

    /** The fulfillment POST and the redirects to the start page. */
    LambdaBrowser arrive(String token) {
        LambdaBrowser browser = world.browser();
        Answer arrival = timer.time("POST /aws/fulfillment", () -> browser.post("/aws/fulfillment",
                Map.of("x-amzn-marketplace-token", token))).expect(303, "the fulfillment URL");
        pages.startFrom(browser, arrival);
        return browser;
    }

    /** A new buyer's whole registration, from the fulfillment POST to the success page. */
    Buyer register() {
        String[] buyer = world.newBuyer();
        String username = world.unique("ada");
        pages.register(arrive(buyer[0]), username);
        return new Buyer(buyer[1], buyer[2], username);
    }

    /** Another subscription (a new AWS account) bound to the existing account of {@code owner}. */
    void bindExisting(Buyer owner) {
        String[] buyer = world.newBuyer();
        pages.bindExisting(arrive(buyer[0]), owner.username());
    }

    /** The buyer's workspace (the one bound to their subscription). */
    String workspaceOf(Buyer buyer) {
        return new SubscriptionRepository(world.store).workspaceIds(
                SubscriptionId.aws(FakeAwsMarketplace.PRODUCT_CODE, buyer.customer())).get(0);
    }

    /** One POST of usage records (every dimension of the hour) for the buyer's workspace. */
    void reportUsage(Buyer buyer, Instant hour) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode records = body.putArray("records");
        String workspace = workspaceOf(buyer);
        for (String dimension : List.of("api_calls", "hosts")) {
            records.addObject().put("recordId", world.unique("rec-")).put("workspaceId", workspace)
                    .put("dimension", dimension).put("hour", hour.toString()).put("quantity", 7);
        }
        world.usageCaller().postJson("/internal/usage", body.toString()).expect(200, "the usage intake");
    }

    /** The marketplace's unsubscribe-pending notification for the buyer's subscription. */
    NoticeReceiver.Outcome notifyEnding(Buyer buyer) {
        MarketplaceNotice notice = new MarketplaceNotice(world.unique("notice-"), "sns", LifecycleAction.ENDING,
                new AwsSubscriptionRef(FakeAwsMarketplace.PRODUCT_CODE, buyer.customer(), buyer.account(), null, null),
                world.clock.instant(), "unsubscribe-pending");
        return world.notices.receive(notice);
    }

    /** Moves the clock past the close of the hour of {@code hour}, as the run waits for it. */
    void closeHour(Instant hour) {
        Instant due = hour.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(80));
        if (world.clock.instant().isBefore(due)) {
            world.clock.advance(Duration.between(world.clock.instant(), due));
        }
    }

    /** One hourly metering run over what is due; the metering fake knows each buyer given. */
    HourlyMetering.Report meter(FakeAwsMetering metering, List<Buyer> buyers) {
        buyers.forEach(buyer -> metering.customer(FakeAwsMarketplace.PRODUCT_CODE, buyer.customer()));
        return world.hourlyMetering(metering).run();
    }
}
