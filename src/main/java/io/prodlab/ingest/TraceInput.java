package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * An export file opened for reading: raw bytes counted (for progress) and optionally hashed,
 * gzip recognised by its magic bytes and read through, and the framing told from the content —
 * JSON lines when the first line holds a complete JSON value, one document otherwise (also for
 * text that is not JSON, which the text readers take or {@link TraceReaders} refuses).
 */
final class TraceInput implements Closeable {
    /** How much of the (decompressed) start of a file the framing check looks at. */
    static final int PEEK = 256 * 1024;

    final InputStream data;
    final boolean gzip;
    final boolean jsonLines;
    /** The decompressed start of the file (at most {@link #PEEK} bytes), for the readers' recognition. */
    final byte[] peek;
    /** Where the first value starts, for messages: "line 1, column 1". */
    final String start;
    private final Counting counting;
    private final DigestInputStream digest;

    private TraceInput(InputStream data, boolean gzip, boolean jsonLines, byte[] peek, String start, Counting counting,
                       DigestInputStream digest) {
        this.data = data;
        this.gzip = gzip;
        this.jsonLines = jsonLines;
        this.peek = peek;
        this.start = start;
        this.counting = counting;
        this.digest = digest;
    }

    /**
     * Opens {@code file}.
     *
     * @param hash whether to compute the sha256 of the raw bytes while they are read
     * @throws ImportException the file is empty, or its gzip data is broken
     */
    static TraceInput open(Path file, boolean hash, JsonFactory factory, String display)
            throws IOException, ImportException {
        return open(Files.newInputStream(file), -1, hash, factory, display, Limits.DEFAULT);
    }

    /**
     * How far a file may decompress: past {@code floorBytes} of decompressed data, at most
     * {@code ratio} times its compressed size, and never past {@code maxBytes}. Real exports compress
     * 5 to 30 times; a zip or gzip bomb, hundreds to millions of times.
     */
    record Limits(long floorBytes, long ratio, long maxBytes) {
        static final Limits DEFAULT = new Limits(1L << 30, 200, 64L << 30);
    }

    /**
     * Opens {@code raw}: a file's bytes, or (with {@code compressedSize} at least 0) a zip entry's
     * already inflated bytes, whose compressed size the decompression limits are measured against.
     */
    static TraceInput open(InputStream raw, long compressedSize, boolean hash, JsonFactory factory, String display,
                           Limits limits) throws IOException, ImportException {
        try {
            Counting counting = new Counting(compressedSize >= 0 ? new Bounded(raw, () -> compressedSize, limits) : raw);
            InputStream s = counting;
            DigestInputStream digest = null;
            if (hash) {
                digest = new DigestInputStream(s, sha256Digest());
                s = digest;
            }
            BufferedInputStream b = new BufferedInputStream(s, 1 << 16);
            b.mark(2);
            int m1 = b.read();
            int m2 = b.read();
            b.reset();
            boolean gzip = m1 == 0x1f && m2 == 0x8b;
            InputStream content = b;
            if (gzip) {
                long base = Math.max(0, compressedSize);
                content = new BufferedInputStream(new Bounded(new GZIPInputStream(b, 1 << 16),
                        () -> base + counting.count, limits), 1 << 16);
            }
            // UTF-16 and UTF-32 (with a byte order mark or without) are read as the UTF-8 they hold.
            content.mark(4);
            byte[] head = content.readNBytes(4);
            content.reset();
            java.nio.charset.Charset charset = Utf8Transcoding.detect(head, head.length);
            if (charset != null) {
                content = new BufferedInputStream(Utf8Transcoding.wrap(content, charset), 1 << 16);
            }
            content.mark(PEEK + 1);
            byte[] peek;
            try {
                peek = content.readNBytes(PEEK);
            } catch (IOException e) {
                throw new ImportException(display + ": " + (gzip ? "the gzip data is broken (" + IoFailures.describe(e)
                        + ")" : "cannot be read: " + IoFailures.describe(e)) + "; nothing was imported.", e);
            }
            content.reset();
            String[] start = new String[1];
            boolean lines = sniffJsonLines(peek, factory, display, start);
            return new TraceInput(content, gzip, lines, peek, start[0], counting, digest);
        } catch (IOException | ImportException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** The sha256 of a whole file, read in a separate pass. */
    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** The sha256 of what {@code in} holds (read to its end, not closed). */
    static String sha256(InputStream in) throws IOException {
        MessageDigest md = sha256Digest();
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * JSON lines when the first non-blank line holds a complete value (or is too long to tell, or
     * is broken in a way other than ending early); one document when the first line ends inside a value,
     * or when the file starts with an array (Jaeger's and Zipkin's span arrays), or is no JSON at all
     * (a reader of a text or binary format may claim it; else {@link TraceReaders} refuses it).
     */
    private static boolean sniffJsonLines(byte[] peek, JsonFactory factory, String display, String[] start)
            throws ImportException {
        int n = peek.length;
        int i = 0;
        if (n >= 3 && (peek[0] & 0xFF) == 0xEF && (peek[1] & 0xFF) == 0xBB && (peek[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        int line = 1;
        int lineStart = i;
        while (i < n && (peek[i] == ' ' || peek[i] == '\t' || peek[i] == '\r' || peek[i] == '\n')) {
            if (peek[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
            i++;
        }
        if (i >= n) {
            throw new ImportException(display + ": the file is empty; " + OtlpJsonTraceReader.EXPECTED
                    + ". Nothing was imported.");
        }
        start[0] = "line " + line + ", column " + (i - lineStart + 1);
        if (peek[i] == '[') {
            return false;
        }
        if (peek[i] != '{') {
            // Not JSON: one of the text readers may take it, else TraceReaders refuses it saying what it is.
            return false;
        }
        int nl = i;
        while (nl < n && peek[nl] != '\n') {
            nl++;
        }
        if (nl >= n) {
            return true;
        }
        Boolean first = completeValue(peek, i, nl, factory);
        if (first == null || first) {
            return true;
        }
        // The first line ends inside a value: a pretty-printed document — unless that line is a broken
        // record of a JSON-lines file, which the next non-blank line, a whole object of its own, tells.
        int next = nl + 1;
        while (next < n && (peek[next] == ' ' || peek[next] == '\t' || peek[next] == '\r' || peek[next] == '\n')) {
            next++;
        }
        int end = next;
        while (end < n && peek[end] != '\n') {
            end++;
        }
        return next < n && peek[next] == '{' && end < n && Boolean.TRUE.equals(completeValue(peek, next, end, factory));
    }

    /**
     * Whether {@code peek[from, to)} holds a whole JSON value: true when it closes, false when it ends
     * inside the value, null when it is broken in another way.
     */
    private static Boolean completeValue(byte[] peek, int from, int to, JsonFactory factory) {
        try (JsonParser p = factory.createParser(peek, from, to - from)) {
            int depth = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                    if (depth == 0) {
                        return true;
                    }
                }
            }
            return true;
        } catch (JsonEOFException e) {
            return false;
        } catch (IOException e) {
            return null;
        }
    }

    /** What the file starts with at byte {@code i}, for a refusal: binary data, or the text of its first line. */
    static String describeStart(byte[] peek, int i) {
        int b = peek[i] & 0xFF;
        if (b < 0x20 || b >= 0x7F) {
            return String.format("binary data (byte 0x%02x)", b);
        }
        int end = i;
        while (end < peek.length && peek[end] != '\n' && end - i < 60) {
            end++;
        }
        return "text \"" + Excerpts.shorten(new String(peek, i, end - i, java.nio.charset.StandardCharsets.UTF_8), 60)
                + "\"";
    }

    /** Raw (compressed) bytes read so far. */
    long bytesRead() {
        return counting.count;
    }

    /** Reads the rest of the raw file (for the hash) and returns its sha256; null when not hashing. */
    String finishSha256() throws IOException {
        if (digest == null) {
            return null;
        }
        byte[] buf = new byte[1 << 16];
        while (digest.read(buf) >= 0) {
            // Drains what the parser did not need (trailing whitespace, gzip trailer).
        }
        return HexFormat.of().formatHex(digest.getMessageDigest().digest());
    }

    @Override
    public void close() throws IOException {
        data.close();
    }

    /** Refused decompression: the data grew past {@link Limits}. */
    static final class DecompressionLimitException extends IOException {
        private static final long serialVersionUID = 1L;

        DecompressionLimitException(String message) {
            super(message);
        }
    }

    /** Counts decompressed bytes and stops at the {@link Limits}. */
    private static final class Bounded extends FilterInputStream {
        private final java.util.function.LongSupplier compressed;
        private final Limits limits;
        private long count;

        Bounded(InputStream in, java.util.function.LongSupplier compressed, Limits limits) {
            super(in);
            this.compressed = compressed;
            this.limits = limits;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                check();
            }
            return n;
        }

        private void check() throws DecompressionLimitException {
            if (count > limits.maxBytes()) {
                throw new DecompressionLimitException("it decompresses to more than " + Excerpts.bytes(limits.maxBytes())
                        + ", the most Prodlab reads from one compressed file");
            }
            long c = Math.max(1, compressed.getAsLong());
            if (count > limits.floorBytes() && count / c > limits.ratio()) {
                throw new DecompressionLimitException("it decompresses to more than " + limits.ratio() + " times its "
                        + "compressed size (" + Excerpts.bytes(count) + " from " + Excerpts.bytes(c) + " so far), "
                        + "which real exports never do: a zip or gzip bomb?");
            }
        }
    }

    /** Counts bytes for progress; read by another thread, hence volatile. */
    private static final class Counting extends FilterInputStream {
        volatile long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }
}
