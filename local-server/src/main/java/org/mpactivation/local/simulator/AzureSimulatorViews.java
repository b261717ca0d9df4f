package org.mpactivation.local.simulator;

import java.util.List;

/** What the Azure simulator templates show: plain text, formatted by the pages (the templates only escape it). */
public final class AzureSimulatorViews {

    private AzureSimulatorViews() {
    }

    /**
     * The offer page.
     *
     * @param csrf   the token every form posts back
     * @param typed  the subscribe form's values (echoed after an error)
     * @param notice a fixed text about the last action, or null
     * @param error  why the last form was refused, or null
     */
    public record OfferPage(String publisherId, String offerId, List<Plan> plans, String landingUrl,
                            String webhookUrl, String tenantId, String applicationId, String tokenForm,
                            List<Subscription> subscriptions, List<Delivery> deliveries, String csrf,
                            SubscribeForm typed, String notice, String error) {
    }

    /** The subscribe form's values as typed (empty for a fresh form). */
    public record SubscribeForm(String planId, String seats, String email, String name, String tenantId) {

        static SubscribeForm empty() {
            return new SubscribeForm("", "1", "", "", "");
        }
    }

    public record Plan(String planId, String displayName, boolean perSeat, String termUnit, List<String> dimensions) {
    }

    /**
     * A subscription bought on the page.
     *
     * @param landingHref the "Configure account" link: the landing page with {@code ?token=}
     * @param otherPlans  the plans a ChangePlan may move to
     * @param allowed     the actions the marketplace allows in the current status
     */
    public record Subscription(String id, String name, String status, String planId, String quantity, String term,
                               String autoRenew, String purchaser, String tenantId, String created,
                               String landingHref, boolean perSeat, List<String> otherPlans, List<String> allowed,
                               List<String> pending) {

        public boolean allows(String action) {
            return allowed.contains(action);
        }
    }

    /** One webhook post and what came of it. */
    public record Delivery(int number, String at, String action, String operationId, String subscriptionId,
                           String answerStatus, String answerText, boolean accepted, String operationStatus,
                           String subscriptionStatus, String body, Integer repeatOf) {
    }

    /** The usage the simulated metering service accepted, and the calls it answered. */
    public record MeteringPage(List<UsageRow> rows, List<SimulatorViews.CallCount> calls) {
    }

    public record UsageRow(String subscriptionId, String planId, String dimension, String hour, String quantity,
                           String effectiveStartTime, String acceptedAt, String usageEventId) {
    }
}
