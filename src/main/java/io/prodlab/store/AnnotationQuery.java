package io.prodlab.store;

import io.prodlab.model.Annotation;

import java.util.List;

/** The annotations (fault windows, deploys, flag changes, incidents) that a time range overlaps. */
public final class AnnotationQuery {
    private final Workspace ws;

    public AnnotationQuery(Workspace ws) {
        this.ws = ws;
    }

    /**
     * The annotations overlapping [{@code fromNs}, {@code toNs}) — open bounds as everywhere
     * ({@code Long.MIN_VALUE}, {@code Long.MAX_VALUE}) — by start. An instant (end = start) counts when
     * it is in the range; an open window (no end) from its start on.
     */
    public List<Annotation> overlapping(long fromNs, long toNs) throws WorkspaceException {
        return ws.sql().list("read the annotations",
                "select kind, name, start_ns, end_ns, target, attributes::varchar from annotations"
                        + " where start_ns < ? and (end_ns is null or end_ns > ? or start_ns >= ?)"
                        + " order by start_ns, kind, name",
                rs -> {
                    long end = rs.getLong(4);
                    Long endNs = rs.wasNull() ? null : end;
                    return new Annotation(rs.getString(1), rs.getString(2), rs.getLong(3), endNs, rs.getString(5),
                            rs.getString(6));
                }, toNs, fromNs, fromNs);
    }
}
