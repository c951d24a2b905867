package io.prodlab.store;

import java.io.IOException;
import java.nio.file.Files;
import java.util.logging.Logger;

/**
 * A stretch of writing to a workspace (see {@link Workspace#beginWrite()}). It keeps a snapshot of
 * the workspace's files taken after the last commit, so that a write that fails — a transaction
 * rolled back after a full disk, a commit whose checkpoint fails — leaves the files exactly as
 * they were before it, and gives back the space it took ({@link WorkspaceFiles}).
 *
 * <p>A commit is durable once DuckDB has synced it to the write-ahead log; the checkpoint that
 * merges the log into the main file runs when the stretch ends (a batch of files), or after a
 * commit that made the log or the file grow by much (docs/decisions/0017-checkpoint-per-batch.md).
 */
public final class WriteAccess implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WriteAccess.class.getName());
    /** A checkpoint step; tests put a failing one in its place to reach the undo paths. */
    @FunctionalInterface
    interface Checkpointer {
        void checkpoint(Workspace ws) throws WorkspaceException;
    }

    /**
     * Run after each commit: checkpoints when the commit made the WAL or the main file grow by
     * much ({@link #checkpointIfDue}). A failure undoes that commit.
     */
    static final Checkpointer CHECKPOINT_IF_DUE = WriteAccess::checkpointIfDue;
    static Checkpointer afterCommit = CHECKPOINT_IF_DUE;
    /** Run when the stretch of writing ends with commits not yet checkpointed. */
    static Checkpointer atEnd = Workspace::checkpoint;
    /**
     * The write-ahead log may hold this many bytes before a commit is followed by a checkpoint at
     * once (DuckDB's own default threshold): big files are merged as they land, as before; a batch
     * of small ones is merged when it ends.
     */
    static final long WAL_CHECKPOINT_BYTES = 16L << 20;

    /** Work done inside one transaction on the writable connection. */
    @FunctionalInterface
    interface Transaction<T> {
        T run(org.duckdb.DuckDBConnection c) throws java.sql.SQLException;
    }

    /**
     * Runs {@code work} as one transaction, committed and checkpointed; when it fails it is rolled
     * back and the files are put back as they were.
     *
     * @param what what the work does, for the failure's message ("register the plan")
     */
    static <T> T inTransaction(Workspace ws, String what, Transaction<T> work) throws WorkspaceException {
        try (WriteAccess access = ws.beginWrite()) {
            org.duckdb.DuckDBConnection c = ws.writableConnection();
            T result;
            try {
                c.setAutoCommit(false);
                result = work.run(c);
                c.commit();
                c.setAutoCommit(true);
            } catch (java.sql.SQLException e) {
                try {
                    c.rollback();
                    c.setAutoCommit(true);
                } catch (java.sql.SQLException ignored) {
                    // The first failure is the one to report.
                }
                access.rolledBack();
                throw ws.sql().failure(what, e);
            }
            access.committed();
            return result;
        }
    }

    /** How long the desktop app waits for a reader ({@code prodlab query}) to let go of the file. */
    static long busyWaitMillis = 3_000;

    private final Workspace ws;
    /** The files after the last commit (or checkpoint): what a failed write is put back to. */
    private WorkspaceFiles.Snapshot snapshot;
    /** The files after the last checkpoint. */
    private WorkspaceFiles.Snapshot checkpointed;
    /** Commits since the last checkpoint. */
    private int pending;
    private int depth = 1;

    private WriteAccess(Workspace ws) {
        this.ws = ws;
    }

    static WriteAccess begin(Workspace ws) throws WorkspaceException {
        if (ws.isHeld()) {
            ws.lock().setMode(WorkspaceLock.Mode.WRITING);
            ws.disconnect();
            try {
                connectWritable(ws);
            } catch (WorkspaceException | RuntimeException e) {
                ws.connect(false);
                ws.lock().setMode(WorkspaceLock.Mode.OPEN);
                throw e;
            }
        }
        WriteAccess w = new WriteAccess(ws);
        try {
            ws.checkpoint();
            w.snapshot = w.take();
            w.checkpointed = w.snapshot;
        } catch (WorkspaceException | RuntimeException e) {
            if (ws.isHeld()) {
                w.depth = 0;
                ws.writeEnded();
            }
            throw e;
        }
        return w;
    }

    /** A reader holds DuckDB's shared lock for as long as its query runs: wait a little for it. */
    static void connectWritable(Workspace ws) throws WorkspaceException {
        long deadline = System.nanoTime() + busyWaitMillis * 1_000_000L;
        while (true) {
            try {
                ws.connect(true);
                return;
            } catch (WorkspaceBusyException busy) {
                if (System.nanoTime() > deadline) {
                    throw busy;
                }
                try {
                    Thread.sleep(100); // polling another process's lock: there is nothing to wait on
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw busy;
                }
            }
        }
    }

    void nest() {
        depth++;
    }

    /**
     * After a commit (already durable in the WAL): checkpoints if due ({@link #afterCommit}). If that
     * checkpoint fails the commit is undone: the files go back to the snapshot before it.
     */
    void committed() throws WorkspaceException {
        pending++;
        try {
            afterCommit.checkpoint(ws);
        } catch (WorkspaceException e) {
            restore();
            pending--;
            if (e instanceof WorkspaceDamagedException) {
                throw e;
            }
            throw new WorkspaceException("Cannot write to workspace " + ws.path() + ": saving the import failed ("
                    + e.getMessage() + "). The workspace was put back as it was before this file.", e.getCause());
        }
        snapshot = take();
        if (pending == 0) {
            checkpointed = snapshot;
        }
    }

    /** {@link #afterCommit}'s default: a checkpoint once the WAL or the main file has grown by much. */
    private static void checkpointIfDue(Workspace ws) throws WorkspaceException {
        WriteAccess w = ws.currentWrite();
        if (w == null || w.isDue()) {
            ws.checkpoint();
            if (w != null) {
                w.pending = 0;
            }
        }
    }

    /**
     * Whether the commits since the last checkpoint grew the WAL past {@link #WAL_CHECKPOINT_BYTES}
     * or the main file at all (DuckDB writes large appends into the main file before their commit).
     */
    private boolean isDue() {
        try {
            var wal = WorkspaceFiles.walOf(ws.path());
            return Files.exists(wal) && Files.size(wal) >= WAL_CHECKPOINT_BYTES
                    || Files.size(ws.path()) != checkpointed.mainSize();
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Merges the commits since the last checkpoint into the main file. If that fails, the files go
     * back to the last commit: every committed file stays, in the WAL, and the next write (or the
     * workspace's close) merges it.
     */
    private void checkpointPending() throws WorkspaceException {
        if (pending == 0) {
            return;
        }
        try {
            atEnd.checkpoint(ws);
        } catch (WorkspaceException e) {
            restore();
            if (e instanceof WorkspaceDamagedException) {
                throw e;
            }
            throw new WorkspaceException("Cannot write to workspace " + ws.path() + ": merging the imported files into "
                    + "it failed (" + e.getMessage() + "). They are kept in its log (" + WorkspaceFiles.walOf(ws.path())
                    + ") and merged the next time it is written; free some disk space if it is full.", e.getCause());
        }
        pending = 0;
        snapshot = take();
        checkpointed = snapshot;
    }

    /**
     * After a rollback: if the failed transaction grew the files (DuckDB writes large appends
     * before the commit), put them back, giving the space back.
     */
    void rolledBack() throws WorkspaceException {
        try {
            var wal = WorkspaceFiles.walOf(ws.path());
            boolean grown = Files.size(ws.path()) != snapshot.mainSize()
                    || Files.exists(wal) != snapshot.walExisted()
                    || Files.exists(wal) && Files.size(wal) != snapshot.walSize();
            if (!grown) {
                return;
            }
        } catch (IOException e) {
            // Restore anyway.
        }
        restore();
    }

    private void restore() throws WorkspaceException {
        ws.disconnect();
        try {
            if (WorkspaceFiles.restore(ws.path(), snapshot)) {
                LOG.fine(() -> "Put " + ws.path() + " back as it was before the failed write");
            }
        } catch (IOException e) {
            throw new WorkspaceException("Cannot put workspace " + ws.path() + " back after a failed write: "
                    + e.getMessage() + ". Restore it from a backup copy.", e);
        }
        ws.connect(true);
    }

    private WorkspaceFiles.Snapshot take() throws WorkspaceException {
        try {
            return WorkspaceFiles.take(ws.path());
        } catch (IOException e) {
            throw new WorkspaceException("Cannot read workspace " + ws.path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Ends this stretch of writing: the outermost close checkpoints the commits made in it, then goes
     * back to reading.
     */
    @Override
    public void close() throws WorkspaceException {
        if (depth == 0) {
            return;
        }
        if (--depth == 0) {
            try {
                checkpointPending();
            } finally {
                ws.writeEnded();
            }
        }
    }

    /** Ends it whatever the nesting (the workspace is closing). */
    void abandon() {
        if (depth > 0) {
            depth = 1;
            try {
                close();
            } catch (WorkspaceException e) {
                LOG.warning(() -> "Ending the write on " + ws.path() + ": " + e.getMessage());
            }
        }
    }
}
