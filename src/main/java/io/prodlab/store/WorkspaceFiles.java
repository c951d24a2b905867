package io.prodlab.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The workspace's files on disk — the DuckDB file and its write-ahead log — below the level of
 * SQL: how to put them back as they were before a write that failed, and whether the file is as
 * long as its own header says.
 *
 * <p>Putting back is sound because of how DuckDB writes: a checkpoint writes new blocks into free
 * space and only then switches the header at the start of the file to them, and uncommitted data
 * only ever lands in blocks no header names. So between two checkpoints the header bytes and the
 * file's length describe the workspace completely: restoring them (and the WAL) undoes whatever was
 * written after — a transaction rolled back after a full disk, a commit whose checkpoint failed —
 * and gives back the space it took. Only ever done with the database closed.
 */
final class WorkspaceFiles {
    /** DuckDB's main header and its two alternating database headers. */
    static final int HEADER_BYTES = 3 * 4096;

    /** The files as they were at one moment. */
    record Snapshot(long mainSize, byte[] headers, boolean walExisted, long walSize) {
    }

    private WorkspaceFiles() {
    }

    static Path walOf(Path db) {
        Path abs = db.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".wal");
    }

    static Snapshot take(Path db) throws IOException {
        long size = Files.size(db);
        byte[] headers = new byte[(int) Math.min(HEADER_BYTES, size)];
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "r")) {
            f.readFully(headers);
        }
        Path wal = walOf(db);
        boolean walExists = Files.exists(wal);
        return new Snapshot(size, headers, walExists, walExists ? Files.size(wal) : 0);
    }

    /**
     * Puts the files back as {@code s} found them. The database must be closed.
     *
     * @return whether anything had changed
     */
    static boolean restore(Path db, Snapshot s) throws IOException {
        boolean changed = false;
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            byte[] now = new byte[(int) Math.min(s.headers().length, f.length())];
            f.seek(0);
            f.readFully(now);
            if (!Arrays.equals(now, s.headers())) {
                f.seek(0);
                f.write(s.headers());
                changed = true;
            }
            if (f.length() != s.mainSize()) {
                f.setLength(s.mainSize());
                changed = true;
            }
            f.getFD().sync();
        }
        Path wal = walOf(db);
        if (!s.walExisted()) {
            changed |= Files.deleteIfExists(wal);
        } else if (Files.exists(wal) && Files.size(wal) != s.walSize()) {
            try (RandomAccessFile w = new RandomAccessFile(wal.toFile(), "rw")) {
                w.setLength(s.walSize());
                w.getFD().sync();
            }
            changed = true;
        }
        return changed;
    }

    /**
     * Refuses a workspace whose file is too short to hold the blocks in use: cut short by a failed
     * copy or a full disk, it would fail later, on whatever read reaches the missing part. (DuckDB's
     * total block count includes free blocks it may already have cut off the end of the file, so the
     * bound is the blocks in use.)
     */
    static void requireComplete(Workspace ws) throws WorkspaceException {
        long[] blocks = ws.sql().query("measure the workspace",
                "select used_blocks, block_size from pragma_database_size() where database_name = current_database()",
                rs -> rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : null);
        if (blocks == null) {
            return;
        }
        long needed = HEADER_BYTES + blocks[0] * blocks[1];
        long actual;
        try {
            actual = Files.size(ws.path());
        } catch (IOException e) {
            throw new WorkspaceException("Cannot read workspace " + ws.path() + ": " + e.getMessage(), e);
        }
        if (blocks[0] > 0 && actual < needed) {
            throw Sql.damagedWorkspace(ws.path(), "the file is " + actual + " bytes long, too short for the " + blocks[0]
                    + " blocks of " + blocks[1] + " bytes it uses (" + needed + " bytes); it was cut short", null);
        }
    }
}
