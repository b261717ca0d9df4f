package org.mpactivation.local.browser;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The pages' texts in one language, from the same resource bundle the pages render with. */
public final class Messages {

    private final String language;
    private final ResourceBundle bundle;

    public Messages(String language) {
        this.language = language;
        this.bundle = ResourceBundle.getBundle("messages", Locale.forLanguageTag(language),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public String language() {
        return language;
    }

    public String text(String key, Object... args) {
        try {
            String pattern = bundle.getString(key);
            // as the pages do: a text without arguments is shown as it is, one with them is formatted
            return args.length == 0 ? pattern : new MessageFormat(pattern, Locale.forLanguageTag(language)).format(args);
        } catch (MissingResourceException e) {
            throw new AssertionError("no text " + key + " in the " + language + " bundle", e);
        }
    }
}
