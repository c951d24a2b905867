package io.prodlab.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Writes the {@code --json} outputs: one document, pretty-printed, non-finite numbers as null. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private Json() {
    }

    static void write(PrintWriter out, Object document) {
        try {
            MAPPER.writeValue(out, document);
            out.println();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A streaming writer for a document too large to build in memory; end it with {@link #endDocument}. */
    static JsonGenerator generator(PrintWriter out) throws IOException {
        return MAPPER.getFactory().createGenerator(out).useDefaultPrettyPrinter();
    }

    static void endDocument(JsonGenerator g, PrintWriter out) throws IOException {
        g.close();
        out.println();
        out.flush();
    }

    /** JSON has no NaN or infinity: a figure that cannot be computed is null. */
    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
