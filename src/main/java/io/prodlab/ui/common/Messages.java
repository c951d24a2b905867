package io.prodlab.ui.common;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The user-facing text of the desktop app: {@code io/prodlab/ui/messages.properties}. */
public final class Messages {
    public static final String BUNDLE = "io.prodlab.ui.messages";

    private final ResourceBundle bundle;

    public Messages(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    public static Messages load() {
        return new Messages(ResourceBundle.getBundle(BUNDLE));
    }

    public String get(String key) {
        return bundle.getString(key);
    }

    public boolean has(String key) {
        try {
            bundle.getString(key);
            return true;
        } catch (MissingResourceException e) {
            return false;
        }
    }

    /** {@link MessageFormat} with the bundle's pattern: {@code {0,number,integer} spans}. */
    public String format(String key, Object... args) {
        Locale locale = bundle.getLocale() == null || bundle.getLocale().getLanguage().isEmpty()
                ? Locale.getDefault(Locale.Category.FORMAT) : bundle.getLocale();
        return new MessageFormat(get(key), locale).format(args);
    }
}
