package org.mpactivation.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The language of the pages, error pages and e-mails: English or Simplified Chinese.
 *
 * <p>The buyer's own choice wins: a {@code lang} query parameter on a GET, the {@code _lang} button
 * of a form (see {@link #SWITCH_FIELD}) or, on later requests, the {@code lang} cookie they set;
 * without a choice, the browser's {@code Accept-Language}; English otherwise.
 */
public enum PageLanguage {
    EN("en", Locale.ENGLISH),
    ZH("zh", Locale.CHINESE);

    /** The cookie that remembers the buyer's choice (and the query parameter that sets it on a GET). */
    public static final String COOKIE = "lang";
    /** The name of the language button in a form: re-renders the form in its value's language. */
    public static final String SWITCH_FIELD = "_lang";
    private static final long ONE_YEAR_SECONDS = 365L * 24 * 3600;

    private final String code;
    private final Locale locale;

    PageLanguage(String code, Locale locale) {
        this.code = code;
        this.locale = locale;
    }

    public String code() {
        return code;
    }

    public Locale locale() {
        return locale;
    }

    /** The other language: what the switch offers. */
    public PageLanguage other() {
        return this == EN ? ZH : EN;
    }

    public static Optional<PageLanguage> ofCode(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (PageLanguage language : values()) {
            if (language.code.equalsIgnoreCase(value.strip())) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }

    /** The request's language: the query parameter of a GET, then the cookie, then Accept-Language. */
    public static PageLanguage of(WebRequest request) {
        return chosenIn(request).orElseGet(() -> fromAcceptLanguage(request.header("accept-language").orElse(null)));
    }

    /** The language the buyer chose, if any: the {@code lang} parameter of a GET, else the cookie. */
    public static Optional<PageLanguage> chosenIn(WebRequest request) {
        return choiceOnGet(request).or(() -> request.cookie(COOKIE).flatMap(PageLanguage::ofCode));
    }

    /** A {@code lang} query parameter on a GET: a new choice, to be remembered in the cookie. */
    public static Optional<PageLanguage> choiceOnGet(WebRequest request) {
        boolean get = "GET".equals(request.method()) || "HEAD".equals(request.method());
        return get ? request.queryParam(COOKIE).flatMap(PageLanguage::ofCode) : Optional.empty();
    }

    /**
     * The first supported language in the browser's order of preference: any Chinese range ({@code zh},
     * {@code zh-CN}, {@code zh-Hans}…) is Simplified Chinese, any English range English; a header
     * without either, or one that cannot be read, means English.
     */
    public static PageLanguage fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return EN;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException unreadable) {
            return EN;
        }
        for (Locale.LanguageRange range : ranges) {
            String primary = range.getRange().split("-", 2)[0];
            if (range.getWeight() > 0) {
                Optional<PageLanguage> supported = ofCode(primary);
                if (supported.isPresent()) {
                    return supported.get();
                }
            }
        }
        return EN;
    }

    /** The Set-Cookie value that remembers this choice; Secure wherever the session cookie is. */
    public String setCookie(boolean secure) {
        return COOKIE + "=" + code + "; Path=/; Max-Age=" + ONE_YEAR_SECONDS + "; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }
}
