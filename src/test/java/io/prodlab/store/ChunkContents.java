package io.prodlab.store;

import io.prodlab.model.Annotation;
import io.prodlab.model.Exposure;
import io.prodlab.model.LogRecord;
import io.prodlab.model.MetricPoint;
import io.prodlab.model.RejectedRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What readers put into chunks, for tests that read without a workspace. */
public final class ChunkContents {
    private ChunkContents() {
    }

    public static List<MetricPoint> metricPoints(SpanChunk c) {
        return List.copyOf(c.metricPoints);
    }

    public static List<LogRecord> logs(SpanChunk c) {
        return List.copyOf(c.logs);
    }

    public static List<Annotation> annotations(SpanChunk c) {
        return List.copyOf(c.annotations);
    }

    public static List<Exposure> exposures(SpanChunk c) {
        return List.copyOf(c.exposures);
    }

    public static List<RejectedRecord> rejected(SpanChunk c) {
        return List.copyOf(c.rejected);
    }

    /** The span rows, each split into its fields (trace id, span id, parent, context, name, kind, start, end, ...). */
    public static List<String[]> spanRows(SpanChunk c) {
        List<String[]> rows = new ArrayList<>();
        String all = new String(c.spans.data, 0, c.spans.length, StandardCharsets.UTF_8);
        for (String line : all.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(line.replace("\u0001", "").split("\u001f", -1));
            }
        }
        return rows;
    }
}
