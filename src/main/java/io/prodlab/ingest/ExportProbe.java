package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells, from the start of a file, whether it looks like a trace export Prodlab reads — so that
 * a caller holding a file the user picked for another purpose (File → Open expects a workspace)
 * can offer to import it instead of failing. It reads the file the way the importer does (gzip
 * recognised by its magic bytes, JSON lines or one document; {@link TraceInput}) and looks for an
 * OTLP {@code resourceSpans} member (also inside Jaeger's {@code result} wrapper) in the first
 * {@link TraceInput#PEEK} bytes, or asks the other readers ({@link TraceReaders}) whether they
 * recognise that start (Jaeger JSON). A yes is a good guess, not a promise that the import succeeds.
 */
public final class ExportProbe {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ExportProbe() {
    }

    /** Whether {@code file} looks like a trace export; false for anything unreadable. */
    public static boolean looksLikeExport(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (TraceInput in = TraceInput.open(file, false, FACTORY, file.toString());
             JsonParser p = FACTORY.createParser(in.data)) {
            return TraceReaders.recognising(in.peek) != null || hasResourceSpans(p);
        } catch (IOException | ImportException | RuntimeException e) {
            return false;
        }
    }

    private static boolean hasResourceSpans(JsonParser p) throws IOException {
        int depth = 0;
        boolean inResult = false;
        JsonToken t;
        while ((t = p.nextToken()) != null) {
            if (p.currentLocation().getByteOffset() > TraceInput.PEEK) {
                return false;
            }
            switch (t) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> {
                    depth--;
                    if (depth == 1) {
                        inResult = false;
                    }
                    if (depth == 0) {
                        return false;
                    }
                }
                case FIELD_NAME -> {
                    String name = p.currentName();
                    if ("resourceSpans".equals(name) && (depth == 1 || (depth == 2 && inResult))) {
                        return true;
                    }
                    if (depth == 1) {
                        inResult = "result".equals(name);
                        if (!inResult) {
                            JsonToken value = p.nextToken();
                            if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                                p.skipChildren();
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }
        return false;
    }
}
