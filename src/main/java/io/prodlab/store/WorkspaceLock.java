package io.prodlab.store;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Who writes a workspace: a lock file beside it ({@code W.prodlab.lock}) that names the holding
 * process. It is held by its content, not by an operating-system lock, so nothing else in the
 * process can drop it: DuckDB's own lock is a POSIX {@code fcntl} lock, which Linux releases when
 * the process closes <em>any</em> descriptor of the file — a file dialog that sniffs the folder is
 * enough (docs/decisions/0006-workspace-lock.md).
 *
 * <p>The content says the holder's process id, its start time (so a reused pid is not mistaken for
 * the holder), what it is doing and its mode: {@link Mode#OPEN} (the desktop app shows the
 * workspace; readers such as {@code prodlab query} are welcome) or {@link Mode#WRITING} (an import
 * runs; readers are refused). A lock whose process is gone (killed) is stale and taken over.
 * Reading and changing the content happen under a short {@code fcntl} lock of the lock file, held
 * for microseconds, so two processes never both take it.
 */
public final class WorkspaceLock implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WorkspaceLock.class.getName());
    /** Appended to the workspace's file name. */
    public static final String SUFFIX = ".lock";

    /** What the holder does with the workspace. */
    public enum Mode {
        /** Shown in the desktop app: no other writer, readers welcome. */
        OPEN,
        /** Being written: no other writer, no reader. */
        WRITING
    }

    /**
     * The process that holds a lock, as its lock file says.
     *
     * @param startedAt the holder process's start, to tell it from a later process with the same pid
     * @param purpose what the holder is ("the Prodlab desktop app", "prodlab import")
     */
    public record Holder(long pid, Instant startedAt, String host, Mode mode, String purpose, Instant since) {
        /** "the Prodlab desktop app (process 1234 on laptop, since 17:02:11Z)". */
        public String describe() {
            return purpose + " (process " + pid + (host.isEmpty() || host.equals(thisHost()) ? "" : " on " + host)
                    + ", since " + since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")";
        }

        boolean isThisProcess() {
            Holder me = current(mode, purpose);
            return pid == me.pid && host.equals(me.host) && sameStart(startedAt, me.startedAt);
        }

        /** Whether the holder still runs; a holder on another host is assumed to. */
        boolean isAlive() {
            if (!host.equals(thisHost())) {
                return true;
            }
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) {
                return false;
            }
            Optional<Instant> start = p.get().info().startInstant();
            return start.isEmpty() || startedAt.equals(Instant.EPOCH) || sameStart(start.get(), startedAt);
        }
    }

    /** The workspaces this process holds: a second holder in the same process is refused too. */
    private static final java.util.Map<Path, WorkspaceLock> HELD_HERE = new java.util.concurrent.ConcurrentHashMap<>();

    static {
        // Stopped by a signal (a logout, `kill`): a stale lock would be taken over anyway, but a
        // process that can still tidy up removes the locks of workspaces it only shows. One being
        // written keeps its lock: the writing thread runs on while the hooks do, and the lock must
        // outlive it (once the process is gone it is stale and taken over).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(HELD_HERE.values()).stream()
                .filter(l -> l.mode() == Mode.OPEN).forEach(WorkspaceLock::close), "prodlab-lock-release"));
    }

    private final Path workspace;
    private final Path file;
    private Holder held;

    private WorkspaceLock(Path workspace, Path file, Holder held) {
        this.workspace = workspace;
        this.file = file;
        this.held = held;
    }

    /** The lock file of {@code workspace}. */
    public static Path fileOf(Path workspace) {
        Path abs = workspace.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + SUFFIX);
    }

    /**
     * Takes the lock of {@code workspace} for this process.
     *
     * @param purpose what this process is, for the message another process shows
     * @throws WorkspaceLockedException another live process holds it
     * @throws WorkspaceException the lock file cannot be written (a read-only folder, say)
     */
    public static WorkspaceLock acquire(Path workspace, Mode mode, String purpose) throws WorkspaceException {
        Path file = fileOf(workspace);
        Holder me = current(mode, purpose);
        Path key = file.normalize();
        try {
            return guarded(file, true, (channel, existing) -> {
                WorkspaceLock mine = HELD_HERE.get(key);
                if (mine != null) {
                    throw new WorkspaceLockedException("Workspace " + workspace + " is already open in this Prodlab ("
                            + mine.held.purpose() + "). Close it there first.", mine.held);
                }
                if (existing.isPresent() && existing.get().isAlive() && !existing.get().isThisProcess()) {
                    throw new WorkspaceLockedException(workspace, existing.get());
                }
                if (existing.isPresent() && !existing.get().isThisProcess()) {
                    LOG.fine(() -> "Taking over the stale lock of " + workspace + " left by " + existing.get().describe());
                }
                write(channel, me);
                WorkspaceLock lock = new WorkspaceLock(workspace, file, me);
                HELD_HERE.put(key, lock);
                return lock;
            });
        } catch (IOException e) {
            throw new WorkspaceException("Cannot lock workspace " + workspace + ": the lock file " + file
                    + " cannot be written (" + e.getMessage() + "). Prodlab needs to write beside the workspace; "
                    + "copy it to a folder you can write to.", e);
        }
    }

    /**
     * The live process that holds {@code workspace}, if any (a stale lock counts as none). Readers
     * call this to refuse reading while another process writes.
     */
    public static Optional<Holder> holder(Path workspace) {
        Path file = fileOf(workspace);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return guarded(file, false, (channel, existing) -> existing.filter(Holder::isAlive));
        } catch (IOException | WorkspaceException e) {
            // An unreadable lock file cannot name a holder; DuckDB's own lock still guards the file.
            return Optional.empty();
        }
    }

    /** Switches between showing ({@link Mode#OPEN}) and writing ({@link Mode#WRITING}). */
    public void setMode(Mode mode) throws WorkspaceException {
        Holder next = new Holder(held.pid(), held.startedAt(), held.host(), mode, held.purpose(), Instant.now());
        try {
            held = guarded(file, true, (channel, existing) -> {
                if (existing.isPresent() && !existing.get().isThisProcess() && existing.get().isAlive()) {
                    // Someone removed our lock file and another process took the workspace.
                    throw new WorkspaceLockedException(workspace, existing.get());
                }
                write(channel, next);
                return next;
            });
        } catch (IOException e) {
            throw new WorkspaceException("Cannot update the lock file " + file + " of workspace " + workspace + ": "
                    + e.getMessage(), e);
        }
    }

    public Mode mode() {
        return held.mode();
    }

    /** Gives the workspace up: removes the lock file if it is still this process's. */
    @Override
    public void close() {
        if (!HELD_HERE.remove(file.normalize(), this)) {
            return;
        }
        try {
            guarded(file, true, (channel, existing) -> {
                if (existing.isPresent() && existing.get().isThisProcess()) {
                    channel.truncate(0);
                    Files.deleteIfExists(file);
                }
                return null;
            });
        } catch (NoSuchFileException gone) {
            // Already removed.
        } catch (IOException | WorkspaceException e) {
            LOG.warning(() -> "Could not remove the lock file " + file + ": " + e.getMessage());
        }
    }

    // --- the guarded read-modify-write ---------------------------------------------------

    @FunctionalInterface
    private interface Guarded<T> {
        T apply(FileChannel channel, Optional<Holder> existing) throws IOException, WorkspaceException;
    }

    /**
     * Runs {@code action} with the lock file's content under an {@code fcntl} lock of the file
     * (exclusive to change it, shared to read it). A lock file deleted by its holder while we waited
     * for the lock is opened afresh, so the action always sees the file that the path names.
     */
    private static <T> T guarded(Path file, boolean exclusive, Guarded<T> action) throws IOException, WorkspaceException {
        // fcntl locks do not exclude threads of one process (the JVM throws instead): one at a time here.
        synchronized (IN_PROCESS) {
            return guardedAcrossProcesses(file, exclusive, action);
        }
    }

    private static final Object IN_PROCESS = new Object();

    private static <T> T guardedAcrossProcesses(Path file, boolean exclusive, Guarded<T> action)
            throws IOException, WorkspaceException {
        for (int attempt = 0; ; attempt++) {
            StandardOpenOption[] options = exclusive
                    ? new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE}
                    : new StandardOpenOption[] {StandardOpenOption.READ};
            try (FileChannel channel = FileChannel.open(file, options)) {
                Object keyBefore = fileKey(file);
                try (FileLock ignored = channel.lock(0, Long.MAX_VALUE, !exclusive)) {
                    Object keyNow = fileKey(file);
                    boolean replaced = keyBefore != null ? !keyBefore.equals(keyNow) : !Files.exists(file);
                    if (replaced) {
                        if (attempt < 20) {
                            continue; // The holder deleted the file while we waited: take the new one.
                        }
                        throw new IOException("the lock file keeps changing under us");
                    }
                    return action.apply(channel, read(channel));
                }
            }
        }
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static Optional<Holder> read(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0 || size > 64 * 1024) {
            return Optional.empty();
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        channel.read(buf, 0);
        Properties p = new Properties();
        p.load(new StringReader(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8)));
        try {
            return Optional.of(new Holder(Long.parseLong(p.getProperty("pid")),
                    Instant.ofEpochMilli(Long.parseLong(p.getProperty("started", "0"))),
                    p.getProperty("host", ""), Mode.valueOf(p.getProperty("mode", "WRITING")),
                    p.getProperty("purpose", "Prodlab"),
                    Instant.ofEpochMilli(Long.parseLong(p.getProperty("since", "0")))));
        } catch (RuntimeException garbled) {
            // A lock file cut short by a crash names no live holder.
            return Optional.empty();
        }
    }

    private static void write(FileChannel channel, Holder h) throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(h.pid()));
        p.setProperty("started", Long.toString(h.startedAt().toEpochMilli()));
        p.setProperty("host", h.host());
        p.setProperty("mode", h.mode().name());
        p.setProperty("purpose", h.purpose());
        p.setProperty("since", Long.toString(h.since().toEpochMilli()));
        p.setProperty("version", Version.current());
        StringWriter w = new StringWriter();
        try {
            p.store(w, "Prodlab workspace lock: the process below has this workspace open. Delete this file "
                    + "only if that process is not running.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = w.toString().getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(bytes), 0);
        channel.force(false);
    }

    static Holder current(Mode mode, String purpose) {
        ProcessHandle me = ProcessHandle.current();
        return new Holder(me.pid(), me.info().startInstant().orElse(Instant.EPOCH), thisHost(), mode,
                Objects.requireNonNullElse(purpose, "Prodlab"), Instant.now());
    }

    private static boolean sameStart(Instant a, Instant b) {
        return Math.abs(a.toEpochMilli() - b.toEpochMilli()) < 1000;
    }

    private static String host;

    static synchronized String thisHost() {
        if (host == null) {
            String h = null;
            try {
                Path kernel = Path.of("/proc/sys/kernel/hostname");
                if (Files.isReadable(kernel)) {
                    h = Files.readString(kernel).strip();
                }
            } catch (IOException | RuntimeException ignored) {
                // Fall back to the environment.
            }
            if (h == null || h.isEmpty()) {
                h = Objects.requireNonNullElse(System.getenv("COMPUTERNAME"),
                        Objects.requireNonNullElse(System.getenv("HOSTNAME"), ""));
            }
            host = h;
        }
        return host;
    }
}
