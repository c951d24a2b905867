package io.prodlab.graph;

import io.prodlab.model.ServiceEdge;
import io.prodlab.query.Filter;
import io.prodlab.query.FilterParser;
import io.prodlab.query.FilterSyntaxException;
import io.prodlab.stats.MannWhitneyTest;
import io.prodlab.stats.MultipleComparisons;
import io.prodlab.stats.Outcome;
import io.prodlab.stats.ProportionTest;
import io.prodlab.store.DependencyQuery;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The diff map of two cohorts: the dependency map of each (the scope and the cohort's filter both
 * apply), and for every node and edge whether it appears only in one (added, removed) or in both,
 * with the change of its figures and, for edges in both, the significance of the change in error
 * rate (two-proportion z, Fisher on small counts) and in latency (Mann–Whitney on the calls'
 * latencies), Benjamini–Hochberg-adjusted over every edge and both tests.
 */
public final class DiffMapService {
    /** Where a node or edge is. */
    public enum Change {
        /** In both cohorts' maps. */
        BOTH,
        /** Only in the candidate's. */
        ADDED,
        /** Only in the baseline's. */
        REMOVED
    }

    public record NodeDiff(String id, DependencyMap.Kind kind, Change change, DependencyMap.Node baseline,
                           DependencyMap.Node candidate) {
    }

    /**
     * @param errors  null unless the edge is in both maps
     * @param latency null unless the edge is in both maps
     */
    public record EdgeDiff(String source, String target, Change change, ServiceEdge baseline, ServiceEdge candidate,
                           ProportionTest.ErrorRateComparison errors, Outcome<MannWhitneyTest.MannWhitneyResult> latency,
                           double errorsPAdjusted, double latencyPAdjusted) {
    }

    public record DiffMap(String baseline, String candidate, List<NodeDiff> nodes, List<EdgeDiff> edges) {
    }

    private final Workspace ws;

    public DiffMapService(Workspace ws) {
        this.ws = ws;
    }

    /**
     * @param scope filter for both cohorts (null for all spans)
     * @throws FilterSyntaxException a filter cannot be read; its message names which
     */
    public DiffMap build(String baselineName, String baselineFilter, String candidateName, String candidateFilter,
                         String scope, long fromNs, long toNs) throws FilterSyntaxException, WorkspaceException {
        Filter.Expr where = scope == null || scope.isBlank() ? null : FilterParser.parse(scope);
        DependencyMapService maps = new DependencyMapService(ws);
        DependencyMapService.Built a = maps.build(and(where, FilterParser.parse(baselineFilter)), fromNs, toNs, true);
        DependencyMapService.Built b = maps.build(and(where, FilterParser.parse(candidateFilter)), fromNs, toNs, true);

        Map<String, DependencyMap.Node> na = byId(a.map());
        Map<String, DependencyMap.Node> nb = byId(b.map());
        List<NodeDiff> nodes = new ArrayList<>();
        for (String id : union(na.keySet(), nb.keySet())) {
            DependencyMap.Node x = na.get(id);
            DependencyMap.Node y = nb.get(id);
            nodes.add(new NodeDiff(id, (x != null ? x : y).kind(), change(x, y), x, y));
        }

        Map<String, ServiceEdge> ea = edges(a.map());
        Map<String, ServiceEdge> eb = edges(b.map());
        List<String> keys = new ArrayList<>(union(ea.keySet(), eb.keySet()));
        List<ProportionTest.ErrorRateComparison> err = new ArrayList<>();
        List<Outcome<MannWhitneyTest.MannWhitneyResult>> lat = new ArrayList<>();
        List<Double> ps = new ArrayList<>();
        for (String k : keys) {
            ServiceEdge x = ea.get(k);
            ServiceEdge y = eb.get(k);
            if (x == null || y == null) {
                err.add(null);
                lat.add(null);
                continue;
            }
            ProportionTest.ErrorRateComparison e = ProportionTest.compareErrorRates(x.errors(), x.calls(), y.errors(),
                    y.calls(), 0.95);
            Outcome<MannWhitneyTest.MannWhitneyResult> m = MannWhitneyTest.test(a.durationsMs().get(k),
                    b.durationsMs().get(k), 0.95);
            err.add(e);
            lat.add(m);
            ps.add(e.decidingP());
            ps.add(m.result().map(MannWhitneyTest.MannWhitneyResult::p).orElse(Double.NaN));
        }
        double[] finite = ps.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).toArray();
        double[] adjusted = finite.length == 0 ? finite : MultipleComparisons.benjaminiHochberg(finite);
        int next = 0;
        List<EdgeDiff> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            ServiceEdge x = ea.get(keys.get(i));
            ServiceEdge y = eb.get(keys.get(i));
            ServiceEdge any = x != null ? x : y;
            double pe = Double.NaN;
            double pl = Double.NaN;
            if (err.get(i) != null) {
                if (Double.isFinite(err.get(i).decidingP())) {
                    pe = adjusted[next++];
                }
                if (lat.get(i).isOk() && Double.isFinite(lat.get(i).value().p())) {
                    pl = adjusted[next++];
                }
            }
            out.add(new EdgeDiff(any.source(), any.target(), change(x, y), x, y, err.get(i), lat.get(i), pe, pl));
        }
        return new DiffMap(baselineName, candidateName, nodes, out);
    }

    private static Filter.Expr and(Filter.Expr scope, Filter.Expr cohort) {
        return scope == null ? cohort : new Filter.And(List.of(scope, cohort), 1);
    }

    private static Change change(Object baseline, Object candidate) {
        return baseline == null ? Change.ADDED : candidate == null ? Change.REMOVED : Change.BOTH;
    }

    private static Map<String, DependencyMap.Node> byId(DependencyMap m) {
        Map<String, DependencyMap.Node> out = new LinkedHashMap<>();
        m.nodes().forEach(n -> out.put(n.id(), n));
        return out;
    }

    private static Map<String, ServiceEdge> edges(DependencyMap m) {
        Map<String, ServiceEdge> out = new LinkedHashMap<>();
        m.edges().forEach(e -> out.put(DependencyQuery.Edges.key(e.source(), e.target()), e));
        return out;
    }

    private static TreeSet<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        TreeSet<String> s = new TreeSet<>(a);
        s.addAll(b);
        return s;
    }
}
