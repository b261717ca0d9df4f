package org.mpactivation.local.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mpactivation.application.SigningKey;
import org.mpactivation.local.operator.OperatorViews.Frame;
import org.mpactivation.web.BadRequestException;
import org.mpactivation.web.FormData;
import org.mpactivation.web.PageRenderer;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

/**
 * {@code /operator/clock}: shows the local server's time and moves its {@link LocalClock} forward by an hour,
 * a day or a calendar month, so that a person sees hours close and get metered, tokens expire and terms end
 * without waiting. Local only; behind the operator's login and CSRF token like the other operator pages.
 *
 * <p>The operator's session is checked against {@code sessionClock}, the clock the operator pages' login runs
 * on: it should be real time, or moving this clock would end the operator's session too.
 */
public final class ClockControl {

    public static final String PATH = OperatorQueries.BASE + "/clock";
    private static final String LOGIN = OperatorQueries.BASE + "/login";

    /** The steps offered, by form value. */
    enum Step {
        HOUR("1 hour"), DAY("1 day"), MONTH("1 month");

        final String label;

        Step(String label) {
            this.label = label;
        }

        /** From {@code now}: a month is a calendar month, so the day of the month stays where it can. */
        Duration from(Instant now) {
            ZonedDateTime start = now.atZone(ZoneOffset.UTC);
            ZonedDateTime end = switch (this) {
                case HOUR -> start.plusHours(1);
                case DAY -> start.plusDays(1);
                case MONTH -> start.plusMonths(1);
            };
            return Duration.between(start, end);
        }

        static Optional<Step> of(String value) {
            for (Step step : values()) {
                if (step.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return Optional.of(step);
                }
            }
            return Optional.empty();
        }
    }

    /** What the clock page shows. */
    public record ClockView(String now, String realTime, String shift, String openHour, String lastClosedHour) {
    }

    private final LocalClock clock;
    private final OperatorAuth auth;
    private final PageRenderer renderer;

    /**
     * @param adminPassword the operator pages' admin password (their sessions are valid here)
     * @param key           the operator pages' signing key
     * @param sessionClock  the operator pages' clock (see the class comment)
     */
    public ClockControl(LocalClock clock, String adminPassword, SigningKey key, PageRenderer renderer,
                        Clock sessionClock) {
        this(clock, new OperatorAuth(adminPassword, key, sessionClock), renderer);
    }

    /**
     * @param auth the operator pages' login (one instance for all of them: one throttle on the admin
     *             password, and a logout ends the session here too); its clock should be real time
     */
    public ClockControl(LocalClock clock, OperatorAuth auth, PageRenderer renderer) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    public Router mount(Router router) {
        return router
                .get(PATH, (request, params) -> auth.session(request)
                        .map(session -> page(session, 200, notice(request), null))
                        .orElseGet(() -> WebResponse.seeOther(LOGIN)))
                .post(PATH, (request, params) -> move(request));
    }

    private WebResponse move(WebRequest request) {
        Optional<String> session = auth.session(request);
        if (session.isEmpty()) {
            return WebResponse.seeOther(LOGIN);
        }
        FormData form = form(request);
        if (!auth.csrfMatches(session.get(), form.get("_csrf")) || !OperatorOrigin.sameOrigin(request)) {
            return page(session.get(), 403, null, "This form is no longer valid. Reload the page and try again.");
        }
        Optional<Step> step = Step.of(form.getOrEmpty("step"));
        if (step.isEmpty()) {
            return page(session.get(), 400, null, "Choose one of the steps: 1 hour, 1 day or 1 month.");
        }
        clock.advance(step.get().from(clock.instant()));
        return WebResponse.seeOther(PATH + "?moved=" + step.get().name().toLowerCase(Locale.ROOT));
    }

    private static String notice(WebRequest request) {
        return request.queryParam("moved").flatMap(Step::of)
                .map(step -> "The clock moved forward by " + step.label + ".").orElse(null);
    }

    private WebResponse page(String session, int status, String notice, String error) {
        Instant now = clock.instant();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        Duration shift = clock.shift();
        ClockView view = new ClockView(seconds(now), seconds(now.minus(shift)), describe(shift),
                hour + " to " + hour.plus(Duration.ofHours(1)),
                hour.minus(Duration.ofHours(1)) + " to " + hour);
        Map<String, Object> params = new HashMap<>();
        params.put("frame", new Frame("Clock", auth.csrfToken(session), "clock", notice));
        params.put("clock", view);
        params.put("error", error);
        return WebResponse.html(status, renderer.render("local/operator/clock", params));
    }

    private static FormData form(WebRequest request) {
        String type = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            throw new BadRequestException(415, "error.request.mediaType");
        }
        return FormData.parse(request.bodyText());
    }

    private static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String describe(Duration shift) {
        if (shift.isZero()) {
            return "none: the clock shows real time";
        }
        long days = shift.toDays();
        long hours = shift.minusDays(days).toHours();
        return days + " day(s) " + hours + " hour(s) ahead of real time";
    }
}
