package io.prodlab.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each platform's own place for data and settings; prodlab.data overrides them all. */
class AppPathsTest {
    private static Map<String, String> env(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (!keyValues[i + 1].isEmpty()) {
                m.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Linux, XDG set            | Linux      | /home/ann | XDG_DATA_HOME | /xdg/data | XDG_CONFIG_HOME | /xdg/conf | /xdg/data/prodlab                         | /xdg/conf/prodlab
            Linux, XDG unset          | Linux      | /home/ann | XDG_DATA_HOME |           | XDG_CONFIG_HOME |           | /home/ann/.local/share/prodlab            | /home/ann/.config/prodlab
            Linux, XDG relative       | Linux      | /home/ann | XDG_DATA_HOME | rel/data  | XDG_CONFIG_HOME | rel/conf  | /home/ann/.local/share/prodlab            | /home/ann/.config/prodlab
            FreeBSD                   | FreeBSD    | /home/ann | XDG_DATA_HOME |           | XDG_CONFIG_HOME |           | /home/ann/.local/share/prodlab            | /home/ann/.config/prodlab
            macOS                     | Mac OS X   | /Users/ann | XDG_DATA_HOME | /xdg/data | XDG_CONFIG_HOME | /xdg/conf | /Users/ann/Library/Application Support/Prodlab | /Users/ann/Library/Application Support/Prodlab
            Windows, variables set    | Windows 11 | /c/Users/ann | LOCALAPPDATA | /c/Users/ann/AppData/Local | APPDATA | /c/Users/ann/AppData/Roaming | /c/Users/ann/AppData/Local/Prodlab | /c/Users/ann/AppData/Roaming/Prodlab
            Windows, variables unset  | Windows 10 | /c/Users/ann | LOCALAPPDATA |           | APPDATA         |           | /c/Users/ann/AppData/Local/Prodlab         | /c/Users/ann/AppData/Roaming/Prodlab
            """)
    void followsThePlatformsConvention(String name, String os, String home, String k1, String v1, String k2, String v2,
                                       String data, String config) {
        AppPaths.Dirs d = AppPaths.of(null, os, env(k1, v1 == null ? "" : v1, k2, v2 == null ? "" : v2), home);
        assertEquals(Path.of(data), d.data());
        assertEquals(Path.of(config), d.config());
    }

    @Test
    void theProdlabDataPropertyOverridesEveryPlatform() {
        for (String os : new String[] {"Linux", "Mac OS X", "Windows 11"}) {
            AppPaths.Dirs d = AppPaths.of("/portable/prodlab", os, env("XDG_DATA_HOME", "/x", "LOCALAPPDATA", "/l"),
                    "/home/ann");
            assertEquals(Path.of("/portable/prodlab"), d.data(), os);
            assertEquals(Path.of("/portable/prodlab"), d.config(), os);
        }
    }

    @Test
    void theDemoWorkspaceLivesInTheDataFolder() {
        String old = System.getProperty("prodlab.data");
        System.setProperty("prodlab.data", "/tmp/prodlab-apppaths-test");
        try {
            assertEquals(Path.of("/tmp/prodlab-apppaths-test/demo.prodlab"), AppPaths.demoWorkspace());
            assertEquals(Path.of("/tmp/prodlab-apppaths-test"), AppPaths.configDir());
        } finally {
            if (old == null) {
                System.clearProperty("prodlab.data");
            } else {
                System.setProperty("prodlab.data", old);
            }
        }
    }
}
