package org.mpactivation.web;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.mpactivation.application.CodeCooldownException;
import org.mpactivation.application.CodeLimitException;
import org.mpactivation.application.CodeRejectedException;
import org.mpactivation.domain.InvalidInputException;
import org.mpactivation.port.out.MailDeliveryException;

/**
 * What a form post that a use case refused shows: the same page again with what the buyer typed,
 * the reason next to the field it concerns, and the status that says why (422 invalid, 409
 * conflict, 429 too many, 503 mail not accepted). Waits are named on the page and in Retry-After.
 */
final class FormRefusals {

    /** A page to show again: the model with the reason, and the status. */
    record Shown(PageModel model, int status) {
    }

    private FormRefusals() {
    }

    /**
     * @param page shows the form's page again
     * @throws RuntimeException {@code refusal} itself when it is not a refusal of the buyer's input
     */
    static WebResponse show(RuntimeException refusal, PageModel model, Function<Shown, WebResponse> page) {
        if (refusal instanceof InvalidInputException e) {
            return page.apply(new Shown(withErrors(model, e.fieldErrors()), e.isConflict() ? 409 : 422));
        }
        if (refusal instanceof CodeRejectedException e) {
            String key = switch (e.reason()) {
                case WRONG -> "error.code.wrong|" + e.attemptsLeft();
                case EXPIRED_OR_MISSING -> "error.code.expired";
                case TOO_MANY_ATTEMPTS -> "error.code.tooMany";
            };
            return page.apply(new Shown(withErrors(model, Map.of("code", key)),
                    e.reason() == CodeRejectedException.Reason.TOO_MANY_ATTEMPTS ? 429 : 422));
        }
        if (refusal instanceof CodeCooldownException e) {
            return page.apply(new Shown(withErrors(model, Map.of("code", "error.code.cooldown|" + e.secondsLeft())), 429))
                    .withHeader("Retry-After", Long.toString(e.secondsLeft()));
        }
        if (refusal instanceof CodeLimitException e) {
            String key = "error.code.limit." + e.kind().name().toLowerCase(Locale.ROOT) + "|" + e.minutesLeft();
            return page.apply(new Shown(withErrors(model, Map.of(e.field(), key)), 429))
                    .withHeader("Retry-After", Long.toString(e.secondsLeft()));
        }
        if (refusal instanceof MailDeliveryException) {
            return page.apply(new Shown(model.withNotice(model.t("error.mail")), 503));
        }
        throw refusal;
    }

    private static PageModel withErrors(PageModel model, Map<String, String> errors) {
        return model.withForm(model.form().withErrors(errors));
    }
}
