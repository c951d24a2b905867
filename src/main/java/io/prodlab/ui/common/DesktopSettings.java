package io.prodlab.ui.common;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The desktop app's own small files under the data directory ({@code AppPaths.dataDir()}):
 * {@code recent.txt} (recent workspaces, most recent first, one absolute path a line) and
 * {@code desktop.properties} (the chosen theme). Plain file I/O: call it off the FX thread.
 */
public final class DesktopSettings {
    /** How many recent workspaces the File menu keeps. */
    public static final int MAX_RECENT = 10;

    private final Path dataDir;

    public DesktopSettings(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Path recentFile() {
        return dataDir.resolve("recent.txt");
    }

    private Path propertiesFile() {
        return dataDir.resolve("desktop.properties");
    }

    /** The recent workspaces; an unreadable or missing file reads as none. */
    public List<Path> loadRecent() {
        try {
            List<Path> out = new ArrayList<>();
            for (String line : Files.readAllLines(recentFile(), StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    try {
                        out.add(Path.of(s));
                    } catch (InvalidPathException ignored) {
                        // A line another tool mangled: skip it rather than lose the rest.
                    }
                }
            }
            return withPathFirst(out, null);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    public void saveRecent(List<Path> recent) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path p : recent) {
            lines.add(p.toString());
        }
        writeAtomically(recentFile(), String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
    }

    /**
     * {@code recent} with {@code first} moved to the front, without duplicates and cut to
     * {@link #MAX_RECENT}. Pure: the view model keeps its list with it.
     */
    public static List<Path> withPathFirst(List<Path> recent, Path first) {
        LinkedHashSet<Path> set = new LinkedHashSet<>();
        if (first != null) {
            set.add(first.toAbsolutePath().normalize());
        }
        for (Path p : recent) {
            set.add(p.toAbsolutePath().normalize());
        }
        List<Path> out = new ArrayList<>(set);
        return List.copyOf(out.subList(0, Math.min(out.size(), MAX_RECENT)));
    }

    public Optional<Theme> loadTheme() {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(propertiesFile(), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Theme.parse(p.getProperty("theme"));
    }

    public void saveTheme(Theme theme) throws IOException {
        Properties p = new Properties();
        p.setProperty("theme", theme.code());
        StringWriter w = new StringWriter();
        p.store(w, "Prodlab desktop settings");
        writeAtomically(propertiesFile(), w.toString());
    }

    private void writeAtomically(Path file, String content) throws IOException {
        Files.createDirectories(dataDir);
        Path tmp = Files.createTempFile(dataDir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
