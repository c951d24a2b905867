package io.prodlab.ui.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DesktopSettingsTest {
    @TempDir
    Path dir;

    @Test
    void recentListRoundTripsThroughRecentTxt() throws Exception {
        DesktopSettings s = new DesktopSettings(dir.resolve("data"));
        List<Path> recent = List.of(dir.resolve("b.prodlab"), dir.resolve("a b.prodlab"));

        s.saveRecent(recent);

        assertTrue(Files.isRegularFile(dir.resolve("data/recent.txt")));
        assertEquals(recent, s.loadRecent());
    }

    @Test
    void missingFilesReadAsNothingChosen() {
        DesktopSettings s = new DesktopSettings(dir.resolve("nowhere"));
        assertEquals(List.of(), s.loadRecent());
        assertEquals(Optional.empty(), s.loadTheme());
    }

    @Test
    void openingMovesAWorkspaceToTheFrontWithoutDuplicates() {
        Path a = dir.resolve("a.prodlab");
        Path b = dir.resolve("b.prodlab");
        assertEquals(List.of(b, a), DesktopSettings.withPathFirst(List.of(a, b), dir.resolve("x/../b.prodlab")));
    }

    @Test
    void keepsAtMostTenRecentWorkspaces() {
        List<Path> many = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            many.add(dir.resolve(i + ".prodlab"));
        }
        List<Path> kept = DesktopSettings.withPathFirst(many, dir.resolve("new.prodlab"));
        assertEquals(DesktopSettings.MAX_RECENT, kept.size());
        assertEquals(dir.resolve("new.prodlab"), kept.get(0));
    }

    @Test
    void themeChoiceRoundTrips() throws Exception {
        DesktopSettings s = new DesktopSettings(dir);
        s.saveTheme(Theme.DARK);
        assertEquals(Optional.of(Theme.DARK), s.loadTheme());
    }

    @Test
    void initialThemePrefersTheChoiceThenThePropertyThenGtkTheme() {
        Map<String, String> darkGtk = Map.of("GTK_THEME", "Adwaita:dark");
        assertEquals(Theme.LIGHT, Theme.initial(Optional.of(Theme.LIGHT), "dark", darkGtk));
        assertEquals(Theme.LIGHT, Theme.initial(Optional.empty(), "light", darkGtk));
        assertEquals(Theme.DARK, Theme.initial(Optional.empty(), null, darkGtk));
        assertEquals(Theme.LIGHT, Theme.initial(Optional.empty(), null, Map.of("GTK_THEME", "Adwaita")));
        assertEquals(Theme.LIGHT, Theme.initial(Optional.empty(), "purple", Map.of()));
    }
}
