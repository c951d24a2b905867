package io.prodlab.arch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every package says what it is for, in a package-info.java beside its classes. */
class PackageDocsTest {
    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        List<Path> missing;
        try (Stream<Path> dirs = Stream.concat(Files.walk(Path.of("src/main/java")), Files.walk(Path.of("src/bench/java")))) {
            missing = dirs.filter(Files::isDirectory)
                    .filter(PackageDocsTest::holdsClasses)
                    .filter(d -> !Files.isRegularFile(d.resolve("package-info.java")))
                    .toList();
        }
        assertEquals(List.of(), missing, "packages without package-info.java");
    }

    @Test
    void findsThePackagesItChecks() {
        assertTrue(holdsClasses(Path.of("src/main/java/io/prodlab/store")));
        assertTrue(holdsClasses(Path.of("src/main/java/io/prodlab/ui/shell")));
        assertTrue(holdsClasses(Path.of("src/bench/java/io/prodlab/bench")));
    }

    private static boolean holdsClasses(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java") && !f.getFileName().toString().equals("package-info.java"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
