package io.prodlab.graph;

import io.prodlab.model.ServiceEdge;
import io.prodlab.query.FieldCatalog;
import io.prodlab.query.FilterCompiler;
import io.prodlab.query.FilterSyntaxException;
import io.prodlab.query.SqlFilter;
import io.prodlab.store.MapDetailQuery;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

/**
 * The details of one node or edge of a {@link DependencyMap} — top operations, latest error
 * messages, sample traces — for the spans a filter keeps in a window (see {@link MapDetailQuery}).
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

    private static SqlFilter compile(String filter) throws FilterSyntaxException {
        return FilterCompiler.compileOptional(filter, "s", FieldCatalog.NONE);
    }
}
