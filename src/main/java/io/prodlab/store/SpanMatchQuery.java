package io.prodlab.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Spans that match a condition compiled by the filter language ({@code io.prodlab.query}): the
 * condition is SQL over the {@code spans} table (alias {@code s}) with {@code ?} placeholders, and
 * its values are bound, never spliced in.
 */
public final class SpanMatchQuery {
    /** The attribute keys the workspace's spans carry, for the filter language's warnings. */
    public record Keys(Set<String> span, Set<String> resource) {
    }

    private final Workspace ws;

    public SpanMatchQuery(Workspace ws) {
        this.ws = ws;
    }

    /** How many spans match. */
    public long count(String condition, List<Object> params) throws WorkspaceException {
        return ws.sql().query("count the matching spans", "select count(*) from spans s where " + condition, rs -> {
            rs.next();
            return rs.getLong(1);
        }, params.toArray());
    }

    /** The ids of the matching spans, in id order (tests, samples). */
    public List<String> spanIds(String condition, List<Object> params) throws WorkspaceException {
        return ws.sql().list("list the matching spans", "select s.span_id from spans s where " + condition
                + " order by s.span_id", rs -> rs.getString(1), params.toArray());
    }

    public Keys attributeKeys() throws WorkspaceException {
        Set<String> span = new HashSet<>(ws.sql().list("list the attribute keys",
                "select distinct unnest(json_keys(attributes)) from spans", rs -> rs.getString(1)));
        Set<String> resource = new HashSet<>(ws.sql().list("list the attribute keys",
                "select distinct unnest(json_keys(resource)) from spans", rs -> rs.getString(1)));
        return new Keys(span, resource);
    }

}
