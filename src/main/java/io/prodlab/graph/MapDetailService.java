package io.prodlab.graph;

import io.prodlab.model.RedSeries;
import io.prodlab.model.ServiceEdge;
import io.prodlab.query.FieldCatalog;
import io.prodlab.query.FilterCompiler;
import io.prodlab.query.FilterSyntaxException;
import io.prodlab.query.SqlFilter;
import io.prodlab.store.MapDetailQuery;
import io.prodlab.store.RedSeriesQuery;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

/**
 * The details of one node or edge of a {@link DependencyMap} — top operations, latest error
 * messages, sample traces, and its rate, errors and duration over time — for the spans a filter keeps
 * in a window (see {@link MapDetailQuery}, {@link RedSeriesQuery}).
 */
public final class MapDetailService {
    private final Workspace ws;

    public MapDetailService(Workspace ws) {
        this.ws = ws;
    }

    /** @param limit at most this many of each list */
    public MapDetailQuery.Detail node(DependencyMap.Node node, String filter, long fromNs, long toNs, int limit)
            throws FilterSyntaxException, WorkspaceException {
        SqlFilter f = compile(filter);
        MapDetailQuery q = new MapDetailQuery(ws);
        return node.kind() == DependencyMap.Kind.SERVICE
                ? q.service(node.id(), f.sql(), f.params(), fromNs, toNs, limit)
                : q.peer(node.id(), f.sql(), f.params(), fromNs, toNs, limit);
    }

    public MapDetailQuery.Detail edge(ServiceEdge edge, String filter, long fromNs, long toNs, int limit)
            throws FilterSyntaxException, WorkspaceException {
        SqlFilter f = compile(filter);
        return new MapDetailQuery(ws).edge(edge.source(), edge.target(), f.sql(), f.params(), fromNs, toNs, limit);
    }

    /**
     * A node's requests over time under the map's filter: a service's requests (the node's figures),
     * or for a node without spans of its own the calls into it that the map keeps.
     */
    public RedSeries nodeSeries(DependencyMap.Node node, String filter, long fromNs, long toNs)
            throws FilterSyntaxException, WorkspaceException {
        SqlFilter f = compile(filter);
        RedSeriesQuery q = new RedSeriesQuery(ws);
        return node.kind() == DependencyMap.Kind.SERVICE
                ? q.service(node.id(), alias -> compileFor(filter, alias), f.params(), fromNs, toNs)
                : q.into(node.id(), alias -> compileFor(filter, alias), f.params(), fromNs, toNs);
    }

    /** An edge's calls over time under the map's filter (the edge's figures). */
    public RedSeries edgeSeries(ServiceEdge edge, String filter, long fromNs, long toNs)
            throws FilterSyntaxException, WorkspaceException {
        SqlFilter f = compile(filter);
        return new RedSeriesQuery(ws).edge(edge.source(), edge.target(), alias -> compileFor(filter, alias),
                f.params(), fromNs, toNs);
    }

    /** The filter's SQL for another alias; it compiled once already, so it compiles again. */
    private static String compileFor(String filter, String alias) {
        try {
            return FilterCompiler.compileOptional(filter, alias, FieldCatalog.NONE).sql();
        } catch (FilterSyntaxException e) {
            throw new IllegalStateException("compiled once already", e);
        }
    }

    private static SqlFilter compile(String filter) throws FilterSyntaxException {
        return FilterCompiler.compileOptional(filter, "s", FieldCatalog.NONE);
    }
}
