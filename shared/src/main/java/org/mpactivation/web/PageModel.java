package org.mpactivation.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
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

    public boolean hasErrors() {
        return !form.errors().isEmpty();
    }

    /**
     * The fields with an error, for the summary at the top of a failed form: first those the page
     * shows, in the page's order (comma-separated), then any other (a hidden field's) by name.
     */
    public List<String> errorFields(String pageFields) {
        List<String> onPage = fieldList(pageFields);
        List<String> result = new ArrayList<>();
        onPage.stream().filter(this::hasError).forEach(result::add);
        form.errors().keySet().stream().filter(f -> !onPage.contains(f)).sorted().forEach(result::add);
        return result;
    }

    /** The id of the element the summary links to for a field the page shows; null for any other. */
    public String errorTarget(String field, String pageFields) {
        if (!fieldList(pageFields).contains(field)) {
            return null;
        }
        return "language".equals(field) ? "language-zh" : field;
    }

    /** A field's error for the summary, led by the field's label when it has a short one. */
    public String errorText(String field) {
        String labelKey = "field." + field;
        String label = "terms".equals(field) ? labelKey : texts.get(labelKey);
        return label.equals(labelKey) ? error(field) : label + ": " + error(field);
    }

    /** The ids that describe a field's input (its hint, its error), or null for none. */
    public String describedBy(String field, boolean hasHint) {
        StringJoiner ids = new StringJoiner(" ");
        if (hasHint) {
            ids.add(field + "-hint");
        }
        if (hasError(field)) {
            ids.add(field + "-error");
        }
        return ids.length() == 0 ? null : ids.toString();
    }

    private static List<String> fieldList(String pageFields) {
        return Arrays.stream(pageFields.split(",")).map(String::trim).filter(f -> !f.isEmpty()).toList();
    }
}
