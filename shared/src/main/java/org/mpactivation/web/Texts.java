package org.mpactivation.web;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The page texts of one language, from the {@code messages} resource bundle (UTF-8 properties).
 * A bundle is looked up for its own locale only: a missing one never falls back to the JVM's
 * default locale, so that the same request reads the same whatever the server's settings.
 */
public final class Texts {

    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final ResourceBundle bundle;
    private final Locale locale;

    public Texts(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle("messages", locale, Texts.class.getClassLoader(), NO_FALLBACK);
    }

    public Texts(PageLanguage language) {
        this(language.locale());
    }

    public Locale locale() {
        return locale;
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    public String get(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }

    /** A text with arguments; plural forms are choice formats in the bundle ({@code {0,choice,1#…|1<…}}). */
    public String format(String key, Object... args) {
        return new MessageFormat(get(key), locale).format(args);
    }
}
