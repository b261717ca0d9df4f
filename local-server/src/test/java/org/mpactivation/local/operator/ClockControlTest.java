package org.mpactivation.local.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.SigningKey;
import org.mpactivation.web.PageRenderer;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

/** The clock page mounted beside the real operator pages, whose login it shares. */
class ClockControlTest {

    static final Instant REAL_NOW = Instant.parse("2026-01-31T10:20:00Z");
    static final String PASSWORD = "operator-password-for-tests";
    static final SigningKey KEY = new SigningKey("an operator test key of 32 bytes".getBytes(StandardCharsets.UTF_8));

    final TestClock realTime = new TestClock(REAL_NOW);
    final LocalClock clock = new LocalClock(realTime);
    Router router;

    @BeforeEach
    void mount() {
        PageRenderer renderer = new PageRenderer();
        ScannableItemStore store = new ScannableItemStore(new InMemoryItemStore(clock));
        router = new Router((status, key) -> WebResponse.html(status, key));
        // as the local server mounts them: one login for both
        OperatorAuth auth = new OperatorAuth(PASSWORD, KEY, realTime, new ClientThrottle(realTime), true);
        new OperatorPages(new SnapshotStoreBrowser(store::scan, clock), store, auth, renderer, realTime,
                Map.of()).mount(router);
        new ClockControl(clock, auth, renderer).mount(router);
    }

    @Test
    void givenALogoutOnTheOperatorPages_thenTheSessionIsRefusedOnTheClockPageToo() {
        String session = login();
        assertEquals(200, send("GET", "/operator/clock", session, null, Map.of()).status());
        String csrf = csrf(send("GET", "/operator/clock", session, null, Map.of()));
        WebResponse out = send("POST", "/operator/logout", session,
                "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8), Map.of());
        assertEquals(303, out.status());

        WebResponse after = send("GET", "/operator/clock", session, null, Map.of());
        assertEquals(303, after.status(), "a kept copy of the cookie opens nothing");
        assertEquals("/operator/login", after.headers().get("Location"));
    }

    @Test
    void givenNoOperatorSession_thenThePageSendsToLoginAndTheClockStays() {
        WebResponse page = send("GET", "/operator/clock", null, null, Map.of());
        WebResponse forged = send("GET", "/operator/clock", "1.2.3", null, Map.of());
        WebResponse move = send("POST", "/operator/clock", null, "_csrf=x&step=day", Map.of());

        assertEquals(303, page.status());
        assertEquals("/operator/login", page.headers().get("Location"));
        assertEquals(303, forged.status());
        assertEquals(303, move.status());
        assertEquals("/operator/login", move.headers().get("Location"));
        assertEquals(REAL_NOW, clock.instant());
    }

    @Test
    void givenOperatorSession_thenThePageShowsLocalTimeAndHowUsageIsBilled() {
        WebResponse page = send("GET", "/operator/clock", login(), null, Map.of());

        assertEquals(200, page.status());
        assertTrue(page.body().contains("<dd id=\"local-now\">2026-01-31T10:20:00Z</dd>"), page.body());
        assertTrue(page.body().contains("Usage is billed by the hour it belongs to, once that hour has closed"));
        assertTrue(page.body().contains("2026-01-31T09:00:00Z to 2026-01-31T10:00:00Z"), "the last closed hour");
        assertTrue(page.body().contains("href=\"/operator/clock\" aria-current=\"page\""), "in the navigation");
    }

    @Test
    void givenForwardButtons_thenTheClockMovesByAnHourADayAndACalendarMonth() {
        String session = login();

        WebResponse hour = move(session, "hour");
        assertEquals(303, hour.status());
        assertEquals("/operator/clock?moved=hour", hour.headers().get("Location"));
        assertEquals(REAL_NOW.plus(Duration.ofHours(1)), clock.instant());
        move(session, "day");
        assertEquals(Instant.parse("2026-02-01T11:20:00Z"), clock.instant());
        move(session, "month");
        assertEquals(Instant.parse("2026-03-01T11:20:00Z"), clock.instant(), "February is 28 days long in 2026");

        realTime.advance(Duration.ofMinutes(5));
        assertEquals(Instant.parse("2026-03-01T11:25:00Z"), clock.instant(), "time keeps running after a move");
        WebResponse page = send("GET", "/operator/clock?moved=month", session, null, Map.of());
        assertTrue(page.body().contains("The clock moved forward by 1 month."));
        assertTrue(page.body().contains("<dd id=\"local-now\">2026-03-01T11:25:00Z</dd>"), page.body());
        assertTrue(page.body().contains("29 day(s) 1 hour(s) ahead of real time"), page.body());
        assertEquals(200, send("GET", "/operator", session, null, Map.of()).status(),
                "the operator stays signed in: sessions run on real time");
    }

    @Test
    void givenWrongFormTokenOtherSiteOrUnknownStep_thenRefusedAndTheClockStays() {
        String session = login();
        String csrf = csrf(send("GET", "/operator/clock", session, null, Map.of()));

        assertEquals(403, send("POST", "/operator/clock", session, "step=day", Map.of()).status());
        assertEquals(403, send("POST", "/operator/clock", session, "_csrf=guess&step=day", Map.of()).status());
        assertEquals(403, send("POST", "/operator/clock", session, form(csrf, "day"),
                Map.of("Origin", "https://evil.example")).status());
        WebResponse back = send("POST", "/operator/clock", session, form(csrf, "backwards"), Map.of());
        assertEquals(400, back.status());
        assertTrue(back.body().contains("Choose one of the steps"));
        assertEquals(415, send("POST", "/operator/clock", session, "{}", Map.of("Content-Type", "application/json"))
                .status());
        assertEquals(REAL_NOW, clock.instant());
    }

    @Test
    void givenAnotherSessionsFormToken_thenRefusedAndTheClockStays() {
        String first = login();
        String second = login();
        String csrfOfFirst = csrf(send("GET", "/operator/clock", first, null, Map.of()));

        assertEquals(403, send("POST", "/operator/clock", second, form(csrfOfFirst, "day"), Map.of()).status());
        assertEquals(REAL_NOW, clock.instant());
    }

    @Test
    void givenBackwardStep_thenTheLocalClockRefusesIt() {
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofHours(-1)));
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ZERO));
        assertEquals(REAL_NOW, clock.instant());
        assertEquals(ZoneOffset.UTC, clock.getZone());
        assertEquals(Clock.systemUTC().getZone(), new LocalClock().getZone());
    }

    // --- requests

    private WebResponse move(String session, String step) {
        String csrf = csrf(send("GET", "/operator/clock", session, null, Map.of()));
        return send("POST", "/operator/clock", session, form(csrf, step), Map.of());
    }

    private String login() {
        WebResponse response = send("POST", "/operator/login", null,
                "password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8), Map.of());
        assertEquals(303, response.status());
        String setCookie = response.cookies().get(0);
        return setCookie.substring(OperatorAuth.COOKIE.length() + 1, setCookie.indexOf(';'));
    }

    private static String form(String csrf, String step) {
        return "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&step=" + step;
    }

    private static String csrf(WebResponse page) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(m.find(), "no CSRF token on the page");
        return m.group(1);
    }

    private WebResponse send(String method, String pathAndQuery, String session, String body,
                             Map<String, String> extra) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        Map<String, String> headers = new HashMap<>(extra);
        headers.put("Host", "127.0.0.1:8080");
        if (body != null) {
            headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
        }
        Map<String, String> cookies = session == null ? Map.of() : Map.of(OperatorAuth.COOKIE, session);
        return router.handle(new WebRequest(method, path, WebRequest.parseQuery(query), headers, cookies,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }
}
