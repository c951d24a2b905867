package io.prodlab.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Prodlab's files in the temporary folder, and what is left of them after a run that was killed.
 *
 * <p>Two kinds of leftovers: the import's staging folders ({@code prodlab-import-PID-*}, made here,
 * named after the process that owns them), and DuckDB's native library ({@code libduckdb_java*.so},
 * 40–72 MB each). The DuckDB driver unpacks the library under a random name on every start and
 * deletes it only when the JVM exits normally; it honours no property for a fixed place (see
 * {@link NativeLibrary}). So {@link #removeLeftovers()} runs once at start and deletes what earlier
 * runs left:
 * <ul>
 *   <li>a staging folder whose process is gone (or whose PID now belongs to a process started after
 *       the folder was last written);</li>
 *   <li>a library last written before this JVM started that no process has mapped or open (read from
 *       {@code /proc/PID/maps} and {@code /proc/PID/fd}). Where there is no {@code /proc}, libraries
 *       are left alone — except on Windows, which refuses to delete a library that is loaded.</li>
 * </ul>
 * A library being unpacked by a Prodlab that starts at the same moment is newer than this JVM and is
 * left alone.
 */
public final class TempFiles {
    static final String STAGING_PREFIX = "prodlab-import-";
    static final String LIBRARY_PREFIX = "libduckdb_java";
    private static final Logger LOG = Logger.getLogger(TempFiles.class.getName());

    private final Path tempDir;
    private final Path proc;
    private final Instant thisJvmStarted;
    private final long thisPid;
    private final boolean windows;

    TempFiles(Path tempDir, Path proc, Instant thisJvmStarted, long thisPid, boolean windows) {
        this.tempDir = tempDir;
        this.proc = proc;
        this.thisJvmStarted = thisJvmStarted;
        this.thisPid = thisPid;
        this.windows = windows;
    }

    /** The temporary folder this JVM uses ({@code java.io.tmpdir}). */
    static TempFiles ofThisProcess() {
        // The JVM's own start time, in milliseconds; ProcessHandle's start instant is only as exact as
        // the boot time in /proc/stat, a whole second.
        Instant started = Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        return new TempFiles(Path.of(System.getProperty("java.io.tmpdir")), Path.of("/proc"), started,
                ProcessHandle.current().pid(),
                System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows"));
    }

    /**
     * A new, empty staging folder for one import, in the temporary folder, named after this process
     * so that a later start can tell it is stale once the process is gone.
     */
    public static Path newImportStagingDir() throws IOException {
        return Files.createTempDirectory(STAGING_PREFIX + ProcessHandle.current().pid() + "-");
    }

    /**
     * Deletes what killed runs left in the temporary folder (see the class comment). Never fails:
     * a leftover that cannot be deleted stays, with a log line.
     *
     * @return the files and folders deleted
     */
    public static List<Path> removeLeftovers() {
        try {
            return ofThisProcess().removeStale();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Could not look for leftovers in the temporary folder", e);
            return List.of();
        }
    }

    List<Path> removeStale() {
        List<Path> candidatesLibraries = new ArrayList<>();
        List<Path> staleStaging = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tempDir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(STAGING_PREFIX) && Files.isDirectory(p) && stagingOwnerGone(p, name)) {
                    staleStaging.add(p);
                } else if (name.startsWith(LIBRARY_PREFIX) && name.endsWith(".so") && Files.isRegularFile(p)
                        && writtenBeforeThisJvm(p)) {
                    candidatesLibraries.add(p);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "Cannot list the temporary folder " + tempDir, e);
            return List.of();
        }
        List<Path> removed = new ArrayList<>();
        for (Path dir : staleStaging) {
            if (deleteTree(dir)) {
                removed.add(dir);
            }
        }
        if (!candidatesLibraries.isEmpty()) {
            Optional<Set<String>> inUse = windows ? Optional.of(Set.of()) : pathsInUse();
            if (inUse.isPresent()) {
                for (Path lib : candidatesLibraries) {
                    if (!inUse.get().contains(lib.toAbsolutePath().toString()) && delete(lib)) {
                        removed.add(lib);
                    }
                }
            }
        }
        return removed;
    }

    /** A staging folder's process is gone, or its PID was reused by a process started after it. */
    private boolean stagingOwnerGone(Path dir, String name) {
        String rest = name.substring(STAGING_PREFIX.length());
        int dash = rest.indexOf('-');
        long pid;
        try {
            pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
        } catch (NumberFormatException e) {
            // An older Prodlab's folder, without a PID: stale if it predates this JVM.
            return writtenBeforeThisJvm(dir);
        }
        if (pid == thisPid) {
            return false;
        }
        Optional<ProcessHandle> owner = ProcessHandle.of(pid);
        if (owner.isEmpty() || !owner.get().isAlive()) {
            return true;
        }
        Optional<Instant> started = owner.get().info().startInstant();
        return started.isPresent() && lastModified(dir).map(m -> m.isBefore(started.get())).orElse(false);
    }

    private boolean writtenBeforeThisJvm(Path p) {
        return lastModified(p).map(m -> m.isBefore(thisJvmStarted)).orElse(false);
    }

    private static Optional<Instant> lastModified(Path p) {
        try {
            return Optional.of(Files.getLastModifiedTime(p).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Every file that some process has mapped (a loaded library) or open (one being unpacked), as
     * far as this user may see; empty when the system has no {@code /proc} to tell.
     */
    Optional<Set<String>> pathsInUse() {
        if (!Files.isDirectory(proc.resolve("self"))) {
            return Optional.empty();
        }
        Set<String> paths = new HashSet<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                try (Stream<String> lines = Files.lines(process.resolve("maps"))) {
                    lines.forEach(line -> {
                        int slash = line.indexOf('/');
                        if (slash >= 0) {
                            paths.add(line.substring(slash).replace(" (deleted)", ""));
                        }
                    });
                } catch (IOException | java.io.UncheckedIOException e) {
                    // The process ended meanwhile, or is another user's: its files are not ours to delete.
                }
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            paths.add(Files.readSymbolicLink(fd).toString());
                        } catch (IOException e) {
                            // Closed meanwhile.
                        }
                    }
                } catch (IOException e) {
                    // As above.
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(paths);
    }

    private static boolean delete(Path p) {
        try {
            Files.deleteIfExists(p);
            return true;
        } catch (IOException e) {
            LOG.log(Level.FINE, "Cannot delete the leftover " + p, e);
            return false;
        }
    }

    private static boolean deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            LOG.log(Level.FINE, "Cannot delete the leftover " + dir, e);
            return false;
        }
    }
}
