package io.prodlab.graph;

import io.prodlab.model.ServiceEdge;
import io.prodlab.model.ServiceStats;
import io.prodlab.query.FieldCatalog;
import io.prodlab.query.Filter;
import io.prodlab.query.FilterCompiler;
import io.prodlab.query.FilterParser;
import io.prodlab.query.FilterSyntaxException;
import io.prodlab.query.SqlFilter;
import io.prodlab.store.DependencyQuery;
import io.prodlab.store.ServiceStatsQuery;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link DependencyMap} of a workspace: edges from {@link DependencyQuery}, service
 * figures from {@link ServiceStatsQuery}, and for nodes that report no spans, figures from the
 * calls made to them.
 */
public final class DependencyMapService {
    private final Workspace ws;
    private java.util.Set<String> services;

    public DependencyMapService(Workspace ws) {
        this.ws = ws;
    }

    private java.util.Set<String> services() throws WorkspaceException {
        if (services == null) {
            services = new ServiceStatsQuery(ws).serviceNames();
        }
        return services;
    }

    /**
     * @param filter a filter expression (null or blank for every span): a call is kept when its
     *               calling or its called span matches; a service's figures are of its matching spans
     * @param fromNs calls and spans starting at or after this (Long.MIN_VALUE for no bound)
     * @param toNs   ... and before this (Long.MAX_VALUE for no bound)
     */
    public DependencyMap build(String filter, long fromNs, long toNs) throws FilterSyntaxException, WorkspaceException {
        Filter.Expr expr = filter == null || filter.isBlank() ? null : FilterParser.parse(filter);
        return build(expr, fromNs, toNs, false).map();
    }

    /** A map with every call's latency per edge (keyed by {@link DependencyQuery.Edges#key}). */
    record Built(DependencyMap map, Map<String, double[]> durationsMs) {
    }

    Built build(Filter.Expr expr, long fromNs, long toNs, boolean withDurations)
            throws FilterSyntaxException, WorkspaceException {
        SqlFilter s = compile(expr, "s");
        DependencyQuery.Edges e = new DependencyQuery(ws).edges(alias -> compileQuietly(expr, alias).sql(), s.params(),
                fromNs, toNs, withDurations);
        List<ServiceStats> services = new ServiceStatsQuery(ws).services(s.sql(), s.params(), fromNs, toNs);

        Map<String, DependencyMap.Node> nodes = new LinkedHashMap<>();
        for (ServiceStats st : services) {
            nodes.put(st.name(), new DependencyMap.Node(st.name(), DependencyMap.Kind.SERVICE, st.spans(),
                    st.requests(), st.errors(), st.p50Ms(), st.p95Ms(), st.p99Ms()));
        }
        return new Built(assemble(nodes, e, services()), e.durationsMs());
    }

    /**
     * The operation-level map of one service's neighbourhood: nodes {@code service:operation} (a span's
     * service and name) for the operations that call into {@code service} or that it calls, and its own
     * operations that call or are called; the nodes that report nothing keep their names. A call joins the
     * calling span's operation to the called span's (a client span's name, not the server operation that
     * made it). An operation's figures are those of all its spans (matching the filter, in the window).
     *
     * @param service a service of the workspace
     */
    public DependencyMap operations(String service, String filter, long fromNs, long toNs)
            throws FilterSyntaxException, WorkspaceException {
        Filter.Expr expr = filter == null || filter.isBlank() ? null : FilterParser.parse(filter);
        SqlFilter s = compile(expr, "s");
        DependencyQuery query = new DependencyQuery(ws);
        DependencyQuery.Edges e = query.operationEdges(service, alias -> compileQuietly(expr, alias).sql(), s.params(),
                fromNs, toNs);
        java.util.Set<String> ids = new java.util.HashSet<>();
        e.edges().forEach(x -> {
            ids.add(x.source());
            ids.add(x.target());
        });
        Map<String, DependencyMap.Node> nodes = new LinkedHashMap<>();
        java.util.Set<String> opIds = new java.util.HashSet<>();
        for (DependencyQuery.OperationStats op : query.operations(null, s.sql(), s.params(), fromNs, toNs)) {
            String id = op.service() + ":" + op.operation();
            opIds.add(id);
            if (ids.contains(id)) {
                nodes.put(id, new DependencyMap.Node(id, DependencyMap.Kind.SERVICE, op.spans(), op.spans(), op.errors(),
                        op.p50Ms(), op.p95Ms(), op.p99Ms()));
            }
        }
        return assemble(nodes, e, opIds);
    }

    /** The nodes with figures of their own, plus those only calls reach: inferred nodes get the calls' figures. */
    private static DependencyMap assemble(Map<String, DependencyMap.Node> nodes, DependencyQuery.Edges e,
                                          java.util.Set<String> services) {
        for (ServiceEdge edge : e.edges()) {
            for (String id : new String[] {edge.source(), edge.target()}) {
                if (nodes.containsKey(id)) {
                    continue;
                }
                DependencyQuery.InferredKind k = e.inferred().getOrDefault(id, DependencyQuery.InferredKind.EXTERNAL);
                DependencyMap.Kind kind = DependencyMap.Kind.valueOf(k.name());
                if (services.contains(id)) {
                    // A service none of whose own spans the filter keeps, reached by a call that it does.
                    nodes.put(id, new DependencyMap.Node(id, DependencyMap.Kind.SERVICE, 0, 0, 0, Double.NaN, Double.NaN,
                            Double.NaN));
                    continue;
                }
                List<ServiceEdge> incoming = e.edges().stream().filter(x -> x.target().equals(id)).toList();
                long calls = incoming.stream().mapToLong(ServiceEdge::calls).sum();
                long errors = incoming.stream().mapToLong(ServiceEdge::errors).sum();
                // One caller: its call quantiles are the node's; several: not a quantile of the union.
                ServiceEdge only = incoming.size() == 1 ? incoming.get(0) : null;
                nodes.put(id, new DependencyMap.Node(id, kind, calls, calls, errors,
                        only == null ? Double.NaN : only.p50Ms(), only == null ? Double.NaN : only.p95Ms(),
                        only == null ? Double.NaN : only.p99Ms()));
            }
        }
        List<DependencyMap.Node> sorted = new ArrayList<>(nodes.values());
        sorted.sort(Comparator.comparing(DependencyMap.Node::id));
        return new DependencyMap(sorted, e.edges());
    }

    private static SqlFilter compile(Filter.Expr expr, String alias) throws FilterSyntaxException {
        return expr == null ? FilterCompiler.ALL : FilterCompiler.compile(expr, alias, FieldCatalog.NONE);
    }

    private static SqlFilter compileQuietly(Filter.Expr expr, String alias) {
        try {
            return compile(expr, alias);
        } catch (FilterSyntaxException e) {
            throw new IllegalStateException("compiled once already", e);
        }
    }
}
