package org.mpactivation.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mpactivation.testkit.Browser;

/**
 * The local Entra ID stand-in's sign-in page as the buyer's browser sees it on its own origin: the form that
 * lists the directory's accounts, one button each, read from the HTML and posted like a click.
 */
final class EntraSignInPage {

    private static final Pattern FORM = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\">(.*?)</form>",
            Pattern.DOTALL);
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    private final URI authorize;
    private final Browser browser;

    EntraSignInPage(URI authorize) {
        this.authorize = authorize;
        this.browser = new Browser(authorize);
    }

    /** Opens the page, presses the account button showing {@code email}; where the provider sends the browser. */
    URI signInAs(String email) {
        HttpResponse<String> page = browser.get(authorize.toString());
        assertEquals(200, page.statusCode(), page.body());
        Matcher form = FORM.matcher(page.body());
        assertTrue(form.find(), "no sign-in form:\n" + page.body());
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher hidden = HIDDEN.matcher(form.group(2));
        while (hidden.find()) {
            fields.put(hidden.group(1), LocalServerAzureWalkTest.unescape(hidden.group(2)));
        }
        Matcher account = Pattern.compile("<button type=\"submit\" name=\"([^\"]+)\" value=\"([^\"]+)\">[^<]*&lt;"
                + Pattern.quote(email) + "&gt;").matcher(form.group(2));
        assertTrue(account.find(), "no account " + email + " on the sign-in page:\n" + page.body());
        fields.put(account.group(1), LocalServerAzureWalkTest.unescape(account.group(2)));

        HttpResponse<String> answer = browser.post(LocalServerAzureWalkTest.unescape(form.group(1)), fields);
        assertEquals(3, answer.statusCode() / 100, "the sign-in answered " + answer.statusCode() + ": "
                + answer.body());
        return URI.create(answer.headers().firstValue("Location").orElseThrow());
    }
}
