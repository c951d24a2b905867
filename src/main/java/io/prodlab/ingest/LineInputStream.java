package io.prodlab.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * Presents a stream one line at a time: reads end at the next {@code '\n'} (exclusive) until
 * {@link #nextLine()} moves on. A JSON-lines reader gives each line its own parser, so that a
 * broken line costs only that line; memory stays one buffer however long a line is.
 */
final class LineInputStream extends InputStream {
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean lineEnded = true;
    private long lineNumber;
    private final byte[] head = new byte[Excerpts.MAX];
    private int headLength;

    LineInputStream(InputStream in) {
        this.in = in;
    }

    /**
     * Skips what is left of the current line and starts the next one.
     *
     * @return false at the end of the input
     */
    boolean nextLine() throws IOException {
        skipInLine();
        if (pos >= limit && !fill()) {
            return false;
        }
        lineEnded = false;
        lineNumber++;
        headLength = 0;
        return true;
    }

    private void skipInLine() throws IOException {
        while (!lineEnded) {
            if (pos >= limit && !fill()) {
                lineEnded = true;
                return;
            }
            while (pos < limit) {
                if (buf[pos++] == '\n') {
                    lineEnded = true;
                    return;
                }
            }
        }
    }

    /** 1-based number of the current line. */
    long lineNumber() {
        return lineNumber;
    }

    /**
     * The first {@link Excerpts#MAX} bytes of the current line (fewer if it is shorter), as text, for
     * an excerpt. Reads on in the line if the parser had not got that far, so the excerpt does not
     * depend on how the input happened to be buffered; call it only when done with the line.
     */
    String head() throws IOException {
        byte[] more = new byte[head.length];
        while (headLength < head.length && read(more, 0, head.length - headLength) > 0) {
            // read() copies into head as it goes
        }
        return Excerpts.shorten(new String(head, 0, headLength, java.nio.charset.StandardCharsets.UTF_8), Excerpts.MAX);
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        while (n == 0) {
            n = in.read(buf, 0, buf.length);
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (lineEnded) {
            return -1;
        }
        if (pos >= limit && !fill()) {
            lineEnded = true;
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int max = Math.min(len, limit - pos);
        int i = pos;
        int end = pos + max;
        while (i < end && buf[i] != '\n') {
            i++;
        }
        int n = i - pos;
        if (n == 0) {
            // At the newline: the line is over.
            pos++;
            lineEnded = true;
            return -1;
        }
        System.arraycopy(buf, pos, b, off, n);
        if (headLength < head.length) {
            int h = Math.min(n, head.length - headLength);
            System.arraycopy(buf, pos, head, headLength, h);
            headLength += h;
        }
        pos = i;
        return n;
    }
}
