package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prodlab.model.Exposure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads go-feature-flag's file exporter CSV in its default format: no header, fields separated by
 * {@code ;} in the order of its default template
 * {@code kind;contextKind;userKey;creationDate;key;variation;value;default;source}, the time in
 * seconds since 1970. Only {@code feature} rows are evaluations; {@code tracking} rows are
 * rejected as not exposures. A CSV with a header is the CSV reader's.
 */
final class GoFeatureFlagCsvReader implements TraceReader {
    static final String FORMAT = "go-feature-flag-csv";
    static final String EXPECTED = "expected go-feature-flag's exporter CSV (kind;contextKind;userKey;creationDate;"
            + "key;variation;value;default;source)";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean recognizes(byte[] peek) {
        String[] lines = Peeks.wholeLines(peek);
        int good = 0;
        int bad = 0;
        int usable = lines.length;
        for (int i = 0; i < Math.min(usable, 20); i++) {
            String l = lines[i].strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] f = l.split(";", -1);
            if (f.length == 9 && (f[0].equals("feature") || f[0].equals("tracking")) && f[3].matches("\\d{1,19}")) {
                good++;
            } else {
                bad++;
            }
        }
        return good > bad;
    }

    @Override
    public Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
        return new ChunkedReading(factory, display, sink, chunkBytes) {


            @Override
            public String read(TraceInput in) throws IOException, InterruptedException {
                BufferedReader r = new BufferedReader(new InputStreamReader(in.data, StandardCharsets.UTF_8), 1 << 16);
                String line;
                long no = 0;
                long rows = 0;
                while ((line = r.readLine()) != null) {
                    no++;
                    if (line.isBlank()) {
                        continue;
                    }
                    rows++;
                    String[] f = line.strip().split(";", -1);
                    try {
                        if (f.length != 9) {
                            throw new BadRecordException("expected 9 fields separated by \";\" (" + EXPECTED.substring(
                                    EXPECTED.indexOf('(') + 1, EXPECTED.length() - 1) + "), found " + f.length);
                        }
                        if (!f[0].equals("feature")) {
                            throw new BadRecordException("a \"" + Excerpts.shorten(f[0], 20) + "\" row is not an "
                                    + "evaluation (only \"feature\" rows are exposures)");
                        }
                        long seconds;
                        try {
                            seconds = Long.parseLong(f[3]);
                        } catch (NumberFormatException e) {
                            throw new BadRecordException("creationDate \"" + Excerpts.shorten(f[3], 30)
                                    + "\" is not seconds since 1970");
                        }
                        ObjectNode attrs = NODES.objectNode();
                        attrs.put("contextKind", f[1]);
                        attrs.put("value", f[6]);
                        attrs.put("default", f[7]);
                        attrs.put("source", f[8]);
                        sink.chunk().add(new Exposure(f[2], f[4], f[5], Timestamps.toNanos(seconds, Timestamps.Unit.S,
                                "creationDate"), "", "", "", attrs.toString()));
                        spansRead++;
                    } catch (BadRecordException e) {
                        reject("line " + no, e.reason(), line);
                    }
                    afterRecord(rows);
                }
                return "go-feature-flag exporter CSV, " + ImportService.count(rows, "row") + " as "
                        + ImportService.count(spansRead, "exposure") + "; times read as s since 1970";
            }
        };
    }
}
