package io.prodlab.ui.common;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The two looks: AtlantaFX's Primer light and dark. */
public enum Theme {
    LIGHT, DARK;

    /**
     * The theme to start with: the one the user chose last (View menu), else what the system
     * says where it can tell ({@code prodlab.theme} property, then {@code GTK_THEME} such as
     * {@code Adwaita:dark}), else light. JavaFX 21 has no API for the desktop's colour scheme.
     */
    public static Theme initial(Optional<Theme> chosen, String themeProperty, Map<String, String> env) {
        if (chosen.isPresent()) {
            return chosen.get();
        }
        Optional<Theme> fromProperty = parse(themeProperty);
        if (fromProperty.isPresent()) {
            return fromProperty.get();
        }
        String gtk = env.getOrDefault("GTK_THEME", "");
        return gtk.toLowerCase(Locale.ROOT).contains("dark") ? DARK : LIGHT;
    }

    public static Optional<Theme> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "dark" -> Optional.of(DARK);
            case "light" -> Optional.of(LIGHT);
            default -> Optional.empty();
        };
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
