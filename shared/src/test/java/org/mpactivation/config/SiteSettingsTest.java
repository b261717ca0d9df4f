package org.mpactivation.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void givenSitesThatAreNoArrayOrNoJsonOrLackAField_thenTheSettingIsRefusedNamingWhy() {
        assertEquals("SITES must be a JSON array", assertThrows(IllegalArgumentException.class,
                () -> SiteSettings.parse("{\"id\":\"x\"}")).getMessage());
        assertEquals("SITES is not valid JSON", assertThrows(IllegalArgumentException.class,
                () -> SiteSettings.parse("[{\"id\":\"x\"")).getMessage());
        assertEquals("every site in SITES needs nameZh", assertThrows(IllegalArgumentException.class,
                () -> SiteSettings.parse("[{\"id\":\"x\",\"nameEn\":\"X\",\"nameZh\":7,"
                        + "\"consoleLoginUrl\":\"https://console.x.example.net/\"}]")).getMessage());
        assertEquals("every site in SITES needs id", assertThrows(IllegalArgumentException.class,
                () -> SiteSettings.parse("[\"x\"]")).getMessage());
    }

    @Test
    void givenUnknownFieldsAndNestedValues_thenTheSitesAreReadInOrder() {
        SiteCatalog sites = SiteSettings.parse("[{\"id\":\"a\",\"nameEn\":\"A\",\"nameZh\":\"甲\","
                + "\"extra\":{\"id\":\"no\"},\"consoleLoginUrl\":\"https://console.a.example.net/login\"},"
                + "{\"id\":\"b\",\"nameEn\":\"B\",\"nameZh\":\"乙\",\"consoleLoginUrl\":\"https://b.example.net/\","
                + "\"list\":[1,[2]]}]");
        assertEquals("a", sites.defaultSite().id());
        assertEquals("https://console.a.example.net/login", sites.defaultSite().consoleLoginUrl().toString());
    }
}
