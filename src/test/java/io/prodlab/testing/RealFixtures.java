package io.prodlab.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real third-party export files in ../shared/fixtures/real (see its SOURCES.md). Surefire
 * sets {@code prodlab.fixtures}; the default serves a run from the project folder in an IDE.
 */
public final class RealFixtures {
    private RealFixtures() {
    }

    public static Path root() {
        return Path.of(System.getProperty("prodlab.fixtures", "../shared/fixtures/real"));
    }

    /** A fixture by its path under the root; fails the test at once when it is missing. */
    public static Path path(String relative) {
        Path p = root().resolve(relative);
        if (!Files.isRegularFile(p) && !Files.isDirectory(p)) {
            throw new AssertionError("fixture missing: " + p.toAbsolutePath()
                    + " (the tests read ../shared/fixtures/real beside the checkout)");
        }
        return p;
    }
}
