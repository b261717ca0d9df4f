package org.mpactivation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mpactivation.domain.SiteCatalog;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;

/** The success page says where to log in once per site, naming that site's workspaces. */
class DonePageTest {

    private final SiteCatalog sites = SiteCatalog.defaults();

    @Test
    void givenWorkspacesOnTwoSites_thenOneLoginLinePerSiteListingItsWorkspaces() {
        List<Workspace> workspaces = List.of(workspace("Alpha", "us-oregon"), workspace("Beta", "cn-ningxia"),
                workspace("Gamma", "us-oregon"));
        PageModel model = new PageModel(new Texts(Locale.ENGLISH), null, sites.all(), "us-oregon", FormState.empty(),
                null, "AWS");

        String html = new PageRenderer().render("done", Map.of("p", model, "logins", SiteLogins.of(workspaces, sites)));

        assertEquals(2, Pattern.compile("Log in to ").matcher(html).results().count(), html);
        assertEquals(1, Pattern.compile("Log in to Overseas Region 1 \\(Oregon\\)").matcher(html).results().count());
        assertTrue(html.contains("Alpha, Gamma"), html);
        assertTrue(html.matches("(?s).*China Region 2 \\(Ningxia\\)</strong>: Beta.*"), html);
    }

    private static Workspace workspace(String name, String siteId) {
        return new Workspace("ws-" + name, name, WorkspaceLanguage.EN, siteId, "console-1", "billing-1", null,
                Instant.EPOCH, null, 0);
    }
}
