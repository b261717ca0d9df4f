package org.mpactivation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PageLanguageTest {

    @ParameterizedTest(name = "Accept-Language \"{0}\" reads {1}")
    @CsvSource(delimiter = '|', value = {
            "zh|zh", "zh-CN|zh", "zh-Hans|zh", "zh-Hans-CN,zh;q=0.9,en;q=0.8|zh", "ZH-cn|zh",
            "en-US,en;q=0.9|en", "en-GB,zh;q=0.8|en", "fr-FR,zh-CN;q=0.5|zh", "fr-FR,de;q=0.5|en",
            "zh;q=0,en;q=0.5|en", "*|en", "zh;q=abc|en", "en;q=0.2,zh-TW;q=0.9|zh"})
    void givenAcceptLanguage_thenTheFirstSupportedPreferenceWins(String header, String expected) {
        assertEquals(expected, PageLanguage.fromAcceptLanguage(header).code());
    }

    @Test
    void givenNoHeader_thenEnglish() {
        assertEquals(PageLanguage.EN, PageLanguage.fromAcceptLanguage(null));
        assertEquals(PageLanguage.EN, PageLanguage.of(request("GET", Map.of(), Map.of(), Map.of())));
    }

    @Test
    void givenTheBuyersChoice_thenItWinsOverTheBrowser() {
        Map<String, String> chineseBrowser = Map.of("Accept-Language", "zh-CN");

        assertEquals(PageLanguage.EN, PageLanguage.of(request("GET", Map.of(), chineseBrowser, Map.of("lang", "en"))));
        assertEquals(PageLanguage.EN, PageLanguage.of(request("GET", Map.of("lang", "en"), chineseBrowser,
                Map.of("lang", "zh"))), "the query parameter of a GET is a new choice");
        assertEquals(PageLanguage.ZH, PageLanguage.of(request("POST", Map.of("lang", "en"), chineseBrowser,
                Map.of())), "a POST's query parameter chooses nothing");
        assertEquals(PageLanguage.ZH, PageLanguage.of(request("GET", Map.of("lang", "klingon"), chineseBrowser,
                Map.of("lang", "fr"))), "unknown values are ignored");
    }

    @Test
    void givenAChoice_thenTheCookieIsLaxAndSecureLikeTheSessionCookie() {
        String secure = PageLanguage.ZH.setCookie(true);
        String local = PageLanguage.EN.setCookie(false);

        assertTrue(secure.startsWith("lang=zh; Path=/;"), secure);
        assertTrue(secure.contains("SameSite=Lax") && secure.endsWith("; Secure"), secure);
        assertTrue(local.startsWith("lang=en;") && !local.contains("Secure"), local);
        assertFalse(secure.contains("HttpOnly"), "the language is no secret");
    }

    private static WebRequest request(String method, Map<String, String> query, Map<String, String> headers,
                                      Map<String, String> cookies) {
        Map<String, List<String>> params = new java.util.HashMap<>();
        query.forEach((k, v) -> params.put(k, List.of(v)));
        return new WebRequest(method, "/activate/start", params, headers, cookies, null);
    }
}
