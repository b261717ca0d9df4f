package org.mpactivation.web;

import java.util.List;
import org.mpactivation.domain.Site;

/**
 * What every page template gets: texts, the CSRF token, the sites and the chosen one, the form
 * state, an optional notice (for example "a code was sent to j***@example.com") and whether the
 * session keeps a password the buyer typed (its hash only: a password is never echoed).
 */
public record PageModel(Texts texts, String csrf, List<Site> sites, String siteId, FormState form, String notice,
                        String cloudName, boolean passwordKept) {

    public PageModel(Texts texts, String csrf, List<Site> sites, String siteId, FormState form, String notice,
                     String cloudName) {
        this(texts, csrf, sites, siteId, form, notice, cloudName, false);
    }

    public String t(String key) {
        return texts.get(key);
    }

    public String t(String key, Object... args) {
        return texts.format(key, args);
    }

    public String lang() {
        return texts.locale().getLanguage().isEmpty() ? "en" : texts.locale().getLanguage();
    }

    public PageLanguage language() {
        return PageLanguage.ofCode(lang()).orElse(PageLanguage.EN);
    }

    /** The language the switch offers. */
    public PageLanguage otherLanguage() {
        return language().other();
    }

    public String value(String field) {
        return form.value(field);
    }

    public boolean hasError(String field) {
        return form.hasError(field);
    }

    public String error(String field) {
        String key = form.errors().get(field);
        if (key == null) {
            return "";
        }
        int bar = key.indexOf('|');
        return bar < 0 ? texts.get(key) : texts.format(key.substring(0, bar), argument(key.substring(bar + 1)));
    }

    /** A number stays a number, so that the bundle's plural forms (choice formats) can apply. */
    private static Object argument(String value) {
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException notANumber) {
            return value;
        }
    }

    public String siteName(Site site) {
        return site.name(lang());
    }

    public String siteName(String id) {
        return sites.stream().filter(s -> s.id().equals(id)).findFirst().map(this::siteName).orElse(id);
    }

    /** The cloud of the session's subscription. */
    public org.mpactivation.domain.Cloud cloud() {
        return billsInUsdOnly() ? org.mpactivation.domain.Cloud.AZURE : org.mpactivation.domain.Cloud.AWS;
    }

    /** Azure bills the buyer's Microsoft account in US dollars only: the pages say so before billing starts. */
    public boolean billsInUsdOnly() {
        return "Microsoft".equals(cloudName);
    }

    public boolean hasNotice() {
        return notice != null && !notice.isEmpty();
    }

    public PageModel withForm(FormState newForm) {
        return new PageModel(texts, csrf, sites, siteId, newForm, notice, cloudName, passwordKept);
    }

    public PageModel withNotice(String newNotice) {
        return new PageModel(texts, csrf, sites, siteId, form, newNotice, cloudName, passwordKept);
    }

    public PageModel withPasswordKept(boolean kept) {
        return new PageModel(texts, csrf, sites, siteId, form, notice, cloudName, kept);
    }
}
