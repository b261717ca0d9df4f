package org.mpactivation.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpactivation.domain.Site;
import org.mpactivation.domain.SiteCatalog;

/** The console login URLs come from configuration; the shipped ones are placeholders and say so. */
class SiteSettingsTest {

    @Test
    void givenNoSitesSetting_thenEveryConsoleLoginUrlIsAnObviousPlaceholder() {
        SiteCatalog sites = SiteSettings.parse("");

        assertEquals(List.of("cn-ningxia", "us-oregon"), sites.placeholderSites());
        for (Site site : sites.all()) {
            String url = site.consoleLoginUrl().toString();
            assertTrue(url.contains(".invalid/") && url.contains("SITES"), url);
        }
    }

    @Test
    void givenSitesSetting_thenItsConsoleLoginUrlsAreServedAndNoneIsAPlaceholder() {
        SiteCatalog sites = SiteSettings.parse("[{\"id\":\"us-oregon\",\"nameEn\":\"Overseas Region 1 (Oregon)\","
                + "\"nameZh\":\"海外区1（俄勒冈）\",\"consoleLoginUrl\":\"https://console.us1.example.net/login\"}]");

        assertEquals(List.of(), sites.placeholderSites());
        assertEquals("https://console.us1.example.net/login", sites.defaultSite().consoleLoginUrl().toString());
    }

    @Test
    void givenAnExampleDotComUrl_thenItCountsAsAPlaceholder() {
        SiteCatalog sites = SiteSettings.parse("[{\"id\":\"cn\",\"nameEn\":\"China\",\"nameZh\":\"中国\","
                + "\"consoleLoginUrl\":\"https://console-cn2.example.com/login\"}]");

        assertEquals(List.of("cn"), sites.placeholderSites());
    }
}
