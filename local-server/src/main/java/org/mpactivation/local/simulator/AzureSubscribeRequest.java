package org.mpactivation.local.simulator;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.mpactivation.local.simulator.AzureSimulatorViews.SubscribeForm;
import org.mpactivation.simulator.azure.AzureOffer;
import org.mpactivation.simulator.azure.AzurePlan;
import org.mpactivation.web.FormData;

/**
 * The simulator's subscribe form, checked: a plan of the offer, a seat count for a per-seat plan, the buyer's
 * e-mail address, display name and Entra tenant (a new one when left empty).
 */
record AzureSubscribeRequest(AzurePlan plan, Integer seats, String email, String name, String tenantId) {

    static final int MAX_SEATS = 10_000;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\"<>]{1,64}@[^@\\s\"<>]{1,185}\\.[A-Za-z]{2,63}");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,63}");
    private static final int MAX_NAME = 100;

    /** What was typed, to show again with the error. */
    static SubscribeForm typed(FormData form) {
        return new SubscribeForm(echo(form.getOrEmpty("planId")), echo(form.getOrEmpty("seats")),
                echo(form.getOrEmpty("email")), echo(form.getOrEmpty("name")), echo(form.getOrEmpty("tenantId")));
    }

    /** The form's values refused, with a message a person can act on. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    static AzureSubscribeRequest from(FormData form, AzureOffer offer) {
        String planId = form.getOrEmpty("planId").strip();
        AzurePlan plan = offer.plan(planId).orElseThrow(() -> new Invalid("Choose one of the offer's plans."));
        Integer seats = null;
        if (plan.pricePerSeat()) {
            seats = seats(form.getOrEmpty("seats")).orElseThrow(() -> new Invalid(
                    "A per-seat plan needs a number of seats from 1 to " + MAX_SEATS + "."));
        }
        String email = form.getOrEmpty("email").strip();
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw new Invalid("Type the buyer's e-mail address, like buyer@contoso.example.");
        }
        String name = form.getOrEmpty("name").strip();
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new Invalid("A display name has at most " + MAX_NAME + " characters and no control characters.");
        }
        String tenant = form.getOrEmpty("tenantId").strip();
        if (!tenant.isEmpty() && !TENANT.matcher(tenant).matches()) {
            throw new Invalid("A tenant id is letters, digits, '.' and '-' (a GUID, say), or empty for a new tenant.");
        }
        return new AzureSubscribeRequest(plan, seats, email, name.isEmpty() ? email : name,
                tenant.isEmpty() ? UUID.randomUUID().toString() : tenant);
    }

    /** A whole number of seats within bounds, if the text is one. */
    static Optional<Integer> seats(String text) {
        String value = text.strip();
        if (!value.matches("[0-9]{1,5}")) {
            return Optional.empty();
        }
        int seats = Integer.parseInt(value);
        return seats >= 1 && seats <= MAX_SEATS ? Optional.of(seats) : Optional.empty();
    }

    private static String echo(String typed) {
        return typed.length() <= 254 ? typed : typed.substring(0, 254);
    }
}
