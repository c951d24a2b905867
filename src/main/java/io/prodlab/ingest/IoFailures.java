package io.prodlab.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.zip.ZipException;

/** What went wrong reading a file, in words a user can act on (never Java's bare "null" or a path alone). */
final class IoFailures {
    private IoFailures() {
    }

    static String describe(IOException e) {
        if (e instanceof TraceInput.DecompressionLimitException) {
            return e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            return "not valid JSON: " + Tokens.jacksonReason(j);
        }
        if (e instanceof EOFException) {
            return "the data ends early: the file was cut short";
        }
        if (e instanceof ZipException) {
            return "the compressed data is broken" + (e.getMessage() == null ? "" : ": " + clean(e.getMessage()));
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return clean(f.getReason());
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : clean(m);
    }

    /** A message without what Jackson appends for programmers ({@code at [Source: REDACTED ...]}). */
    static String clean(String message) {
        int i = message.indexOf("[Source:");
        String m = i < 0 ? message : message.substring(0, i);
        m = m.replace("\n", " ").trim();
        if (m.endsWith(" at")) {
            m = m.substring(0, m.length() - 3);
        }
        return Excerpts.shorten(m, 200);
    }
}
