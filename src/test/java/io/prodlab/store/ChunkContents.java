package io.prodlab.store;

import io.prodlab.model.Annotation;
import io.prodlab.model.Exposure;
import io.prodlab.model.LogRecord;
import io.prodlab.model.MetricPoint;
import io.prodlab.model.RejectedRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What readers put into chunks, decoded back from the chunk's rows, for tests that read without a
 * workspace: the records as the readers gave them (a field the writer turns into NULL is null).
 */
public final class ChunkContents {
    private ChunkContents() {
    }

    public static List<MetricPoint> metricPoints(SpanChunk c) {
        return decode(c, ChunkTable.METRIC_POINTS, f -> new MetricPoint(f[0], f[1], f[2], f[3], Long.parseLong(f[4]),
                Long.parseLong(f[5]), Double.parseDouble(f[6]), f[7] == null ? null : Long.valueOf(f[7]),
                f[8] == null ? null : Double.valueOf(f[8]), f[9] == null ? null : Double.valueOf(f[9]), f[10],
                f[11] == null ? null : Boolean.valueOf(f[11]), doubles(f[12]), longs(f[13]), doubles(f[14]),
                doubles(f[15]), f[16], f[17], f[18], f[19].equals("[]") ? "" : f[19]));
    }

    public static List<LogRecord> logs(SpanChunk c) {
        return decode(c, ChunkTable.LOGS, f -> new LogRecord(Long.parseLong(f[0]), Long.parseLong(f[1]),
                Integer.parseInt(f[2]), f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10]));
    }

    public static List<Annotation> annotations(SpanChunk c) {
        return decode(c, ChunkTable.ANNOTATIONS, f -> new Annotation(f[0], f[1], Long.parseLong(f[2]),
                f[3] == null ? null : Long.valueOf(f[3]), f[4], f[5]));
    }

    public static List<Exposure> exposures(SpanChunk c) {
        return decode(c, ChunkTable.EXPOSURES, f -> new Exposure(f[0], f[1], f[2], Long.parseLong(f[3]), f[4], f[5],
                f[6], f[7]));
    }

    public static List<RejectedRecord> rejected(SpanChunk c) {
        return List.copyOf(c.rejected);
    }

    /** The span rows, each split into its fields (trace id, span id, parent, context, name, kind, start, end, ...). */
    public static List<String[]> spanRows(SpanChunk c) {
        return decode(c, ChunkTable.SPANS, f -> f);
    }

    private static <T> List<T> decode(SpanChunk c, ChunkTable t, Function<String[], T> make) {
        SpanChunk.ByteBuf b = c.rows[t.ordinal()];
        String s = new String(b.data, 0, b.length, StandardCharsets.UTF_8);
        List<T> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quoted) {
                if (ch == '\u0001') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '\u0001') {
                        cur.append(ch);
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(ch);
                }
            } else if (ch == '\u0001') {
                quoted = true;
                wasQuoted = true;
            } else if (ch == '\u001f' || ch == '\n') {
                fields.add(cur.length() == 0 && !wasQuoted ? null : cur.toString());
                cur.setLength(0);
                wasQuoted = false;
                if (ch == '\n') {
                    out.add(make.apply(fields.toArray(new String[0])));
                    fields.clear();
                }
            } else {
                cur.append(ch);
            }
        }
        return out;
    }

    private static double[] doubles(String list) {
        if (list == null) {
            return null;
        }
        String inner = list.substring(1, list.length() - 1);
        return inner.isEmpty() ? new double[0] : Arrays.stream(inner.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    private static long[] longs(String list) {
        if (list == null) {
            return null;
        }
        String inner = list.substring(1, list.length() - 1);
        return inner.isEmpty() ? new long[0] : Arrays.stream(inner.split(",")).mapToLong(Long::parseLong).toArray();
    }
}
