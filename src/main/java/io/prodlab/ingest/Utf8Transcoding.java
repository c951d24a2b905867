package io.prodlab.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A UTF-16 or UTF-32 file presented as UTF-8, so that every reader (and the JSON-lines framing,
 * which splits on the byte '\n') sees one encoding. The byte order mark, if any, is dropped;
 * malformed input becomes U+FFFD.
 */
final class Utf8Transcoding extends InputStream {
    private final Reader in;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192 * 3);
    private boolean eof;
    private boolean first = true;

    private Utf8Transcoding(InputStream raw, Charset charset) {
        this.in = new InputStreamReader(raw, charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
        chars.flip();
        bytes.flip();
    }

    /** The encoding the first bytes of a file tell (BOM, or the zero bytes of UTF-16/32 ASCII), null for UTF-8. */
    static Charset detect(byte[] b, int n) {
        int b0 = n > 0 ? b[0] & 0xFF : -1;
        int b1 = n > 1 ? b[1] & 0xFF : -1;
        int b2 = n > 2 ? b[2] & 0xFF : -1;
        int b3 = n > 3 ? b[3] & 0xFF : -1;
        // Without a BOM only a JSON start is taken for UTF-16/32 ('{', '[' or a blank other than '\n', whose
        // byte 0x0A also starts OTLP protobuf).
        if (b0 == 0x00 && b1 == 0x00 && (b2 == 0xFE && b3 == 0xFF || b2 == 0x00 && jsonStart(b3))) {
            return Charset.forName("UTF-32BE");
        }
        if (b0 == 0xFF && b1 == 0xFE && b2 == 0x00 && b3 == 0x00 || jsonStart(b0) && b1 == 0 && b2 == 0 && b3 == 0) {
            return Charset.forName("UTF-32LE");
        }
        if (b0 == 0xFE && b1 == 0xFF || b0 == 0x00 && jsonStart(b1) && b2 == 0x00) {
            return StandardCharsets.UTF_16BE;
        }
        if (b0 == 0xFF && b1 == 0xFE || jsonStart(b0) && b1 == 0x00 && b3 == 0x00) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    private static boolean jsonStart(int b) {
        return b == '{' || b == '[' || b == ' ' || b == '\t' || b == '\r';
    }

    static InputStream wrap(InputStream raw, Charset charset) {
        return new Utf8Transcoding(raw, charset);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!bytes.hasRemaining()) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, bytes.remaining());
        bytes.get(b, off, n);
        return n;
    }

    private boolean fill() throws IOException {
        if (eof && !chars.hasRemaining()) {
            return false;
        }
        chars.compact();
        int n = eof ? -1 : in.read(chars);
        chars.flip();
        if (n < 0) {
            eof = true;
        }
        if (first && chars.hasRemaining()) {
            first = false;
            if (chars.get(chars.position()) == '\uFEFF') {
                chars.get();
            }
        }
        bytes.clear();
        CoderResult r = encoder.encode(chars, bytes, eof);
        if (eof && !chars.hasRemaining()) {
            encoder.flush(bytes);
        }
        bytes.flip();
        return bytes.hasRemaining() || !eof || chars.hasRemaining() || r.isOverflow();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
