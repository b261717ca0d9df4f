package org.mpactivation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every text exists in English and in Simplified Chinese, translated, with the same placeholders. */
class MessageBundlesTest {

    /**
     * Chinese values allowed to equal the English ones, with the reason. Empty today: brand names
     * and codes are inside longer texts, and the language switch names each language in its own.
     */
    private static final Map<String, String> SAME_IN_BOTH = Map.of();
    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");

    @Test
    void givenMessages_thenEveryKeyIsInBothLanguagesAndTranslated() throws IOException {
        assertTranslated("messages");
    }

    @Test
    void givenMailTexts_thenEveryKeyIsInBothLanguagesAndTranslated() throws IOException {
        assertTranslated("mail");
    }

    @Test
    void givenChineseBundle_thenItIsReadAsUtf8() {
        Texts zh = new Texts(PageLanguage.ZH);

        assertEquals("下一步", zh.get("button.next"));
        assertEquals("费用中心账号用户名", zh.get("field.billingUsername"));
    }

    @Test
    void givenServerDefaultLocaleIsChinese_thenEnglishPagesStayEnglish() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
            assertEquals("Next", new Texts(PageLanguage.EN).get("button.next"));
            assertEquals("Next", new Texts(Locale.FRENCH).get("button.next"), "an unknown language reads English");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void givenAttemptsLeft_thenThePluralIsRightInBothLanguages() {
        Texts en = new Texts(PageLanguage.EN);
        Texts zh = new Texts(PageLanguage.ZH);

        assertEquals("This verification code is wrong. 1 attempt left.", en.format("error.code.wrong", 1L));
        assertEquals("This verification code is wrong. 4 attempts left.", en.format("error.code.wrong", 4L));
        assertEquals("验证码错误，还剩 1 次机会。", zh.format("error.code.wrong", 1L));
        assertEquals("验证码错误，还剩 4 次机会。", zh.format("error.code.wrong", 4L));
        assertTrue(en.format("error.code.cooldown", 1L).endsWith("in 1 second."));
        assertTrue(en.format("error.code.cooldown", 41L).endsWith("in 41 seconds."));
        assertTrue(zh.format("error.code.cooldown", 41L).contains("41 秒后"));
    }

    private static void assertTranslated(String bundle) throws IOException {
        Properties en = load(bundle + ".properties");
        Properties zh = load(bundle + "_zh.properties");
        assertEquals(new TreeSet<>(en.stringPropertyNames()), new TreeSet<>(zh.stringPropertyNames()),
                bundle + ": keys missing from one of the languages");
        List<String> problems = new ArrayList<>();
        for (String key : en.stringPropertyNames()) {
            String english = en.getProperty(key);
            String chinese = zh.getProperty(key);
            if (english.equals(chinese) && !SAME_IN_BOTH.containsKey(key)) {
                problems.add(key + " is not translated");
            }
            if (!arguments(english).equals(arguments(chinese))) {
                problems.add(key + " has other placeholders: " + arguments(english) + " vs " + arguments(chinese));
            }
            for (String value : List.of(english, chinese)) {
                try {
                    new MessageFormat(value);
                } catch (IllegalArgumentException e) {
                    problems.add(key + " is not a valid message format: " + value);
                }
            }
        }
        assertTrue(problems.isEmpty(), bundle + ": " + problems);
    }

    private static Set<String> arguments(String value) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = ARGUMENT.matcher(value);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = MessageBundlesTest.class.getResourceAsStream("/" + resource)) {
            assertTrue(in != null, resource + " is missing");
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
