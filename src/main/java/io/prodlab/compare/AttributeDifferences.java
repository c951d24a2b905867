package io.prodlab.compare;

import io.prodlab.query.FieldCatalog;
import io.prodlab.query.Filter;
import io.prodlab.query.FilterParser;
import io.prodlab.query.FilterSyntaxException;
import io.prodlab.query.SqlFilter;
import io.prodlab.stats.ContingencyTest;
import io.prodlab.stats.MultipleComparisons;
import io.prodlab.stats.Outcome;
import io.prodlab.store.AttributeValueCountsQuery;
import io.prodlab.store.AttributeValueCountsQuery.KeyCounts;
import io.prodlab.store.AttributeValueCountsQuery.Source;
import io.prodlab.store.AttributeValueCountsQuery.ValueCount;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What differs between two cohorts ("why is B different?"): every span and resource attribute,
 * ranked by how much its value distribution differs between the baseline and the candidate.
 *
 * <p>Per attribute a 2×k table (rows baseline, candidate; columns its kept values, "(other)" for the
 * rest, "(missing)" for spans without the key — see {@link AttributeValueCountsQuery} for which
 * values are kept) goes through {@link ContingencyTest}: Pearson's chi-square (no Yates correction)
 * decides, the G statistic is reported beside it, Cramér's V is the effect size.
 * Benjamini–Hochberg adjusts the p-values of every non-tautological attribute that has one (the
 * attributes that are questions); ranking is by adjusted p, then Cramér's V, then name.
 *
 * <p>Tautological attributes differ by construction and are ranked apart, after the others,
 * outside the BH family (known differences in the family would make it lenient toward the rest):
 * <ol>
 *   <li>{@link Tautology#NAMED_IN_FILTER}: a field either cohort's filter names (a bare name counts
 *       for the span and the resource attribute of that name; {@code service.name} and
 *       {@code service.version} are resource attributes too);</li>
 *   <li>{@link Tautology#VALUES_NEVER_OVERLAP}: no column (value, "(other)" or "(missing)") has
 *       spans of both cohorts, i.e. the value tells the cohort exactly — a field derived from the
 *       cohort definition (the canary's pod and host names, {@code error.type} when a cohort is
 *       "errors"), or a confounder so perfectly aliased with the cohort that the data cannot tell
 *       them apart. With a handful of spans this can happen by chance; the counts are shown.</li>
 * </ol>
 *
 * <p>Sampling: spans are counted as they are; sampling probabilities (tracestate {@code ot=th:})
 * are not used here.
 */
public final class AttributeDifferences {
    /** Why an attribute differs by construction, or not. */
    public enum Tautology {
        NONE, NAMED_IN_FILTER, VALUES_NEVER_OVERLAP;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One column of an attribute's table with the share of each cohort's spans in it.
     *
     * @param type  string, number, bool or json; null for "(other)" and "(missing)"
     * @param value the value; null for "(other)" and "(missing)"
     * @param label how it reads: the value, {@code (other)} or {@code (missing)}
     */
    public record ValueShare(String type, String value, String label, long baseline, long candidate,
                             double baselineShare, double candidateShare) {
        /** Candidate share minus baseline share. */
        public double difference() {
            return candidateShare - baselineShare;
        }
    }

    /**
     * One attribute.
     *
     * @param field          as the filter language writes it: {@code span.KEY} or {@code resource.KEY}
     * @param distinctValues distinct values in both cohorts together
     * @param highCardinality more distinct values than are kept (the rest is "(other)")
     * @param test           the contingency test, or why there is none (one value in both cohorts:
     *                       SINGLE_CATEGORY; an empty cohort: EMPTY_CATEGORY)
     * @param pAdjusted      Benjamini–Hochberg over the non-tautological attributes with a p; NaN
     *                       for the others
     * @param values         the columns, largest absolute share difference first
     */
    public record AttributeDifference(Source source, String key, String field, long distinctValues,
                                      boolean highCardinality, Outcome<ContingencyTest.ContingencyResult> test,
                                      double pAdjusted, Tautology tautology, List<ValueShare> values) {
        public boolean tautological() {
            return tautology != Tautology.NONE;
        }

        /** The headline: {@code span.region=apac: 20.0% vs 80.0%} (baseline's share first). */
        public String summary() {
            return field + "=" + biggestDifference();
        }

        /** The column whose share differs most: {@code apac: 20.0% vs 80.0%}. */
        public String biggestDifference() {
            if (values.isEmpty()) {
                return "";
            }
            ValueShare v = values.get(0);
            return String.format(Locale.ROOT, "%s: %.1f%% vs %.1f%%", v.label(), 100 * v.baselineShare(),
                    100 * v.candidateShare());
        }

        double p() {
            return test.result().map(ContingencyTest.ContingencyResult::chiSquareP).orElse(Double.NaN);
        }

        double cramersV() {
            return test.result().map(ContingencyTest.ContingencyResult::cramersV).orElse(Double.NaN);
        }
    }

    /**
     * The ranking for one pair.
     *
     * @param baselineN  spans counted for the baseline (under unit trace: the scoped spans of its traces)
     * @param attributes non-tautological attributes first (tested by rank, then untested), then the
     *                   tautological ones in the same order
     */
    public record Result(String baseline, String candidate, Unit unit, long baselineN, long candidateN,
                         List<AttributeDifference> attributes) {
    }

    private final Workspace ws;

    public AttributeDifferences(Workspace ws) {
        this.ws = ws;
    }

    /**
     * @param scope which spans count (as {@code compare --where}); null or blank for all
     * @throws CohortException a cohort's or the scope's filter cannot be read
     */
    public Result compare(Cohort baseline, Cohort candidate, String scope, Unit unit)
            throws CohortException, WorkspaceException {
        // no catalog: ComparisonService already warned of unknown fields
        SqlFilter b = CohortConditions.of(baseline, FieldCatalog.NONE);
        SqlFilter c = CohortConditions.of(candidate, FieldCatalog.NONE);
        SqlFilter w = CohortConditions.compile("--where", scope, FieldCatalog.NONE);
        AttributeValueCountsQuery q = new AttributeValueCountsQuery(ws);
        AttributeValueCountsQuery.Condition bc = new AttributeValueCountsQuery.Condition(b.sql(), b.params());
        AttributeValueCountsQuery.Condition cc = new AttributeValueCountsQuery.Condition(c.sql(), c.params());
        AttributeValueCountsQuery.Condition wc = new AttributeValueCountsQuery.Condition(w.sql(), w.params());
        AttributeValueCountsQuery.Counts counts = unit == Unit.SPAN ? q.spans(bc, cc, wc) : q.traces(bc, cc, wc);
        Set<String> named = new HashSet<>();
        namedFields(baseline, named);
        namedFields(candidate, named);
        List<AttributeDifference> rows = rank(counts, named);
        return new Result(baseline.name(), candidate.name(), unit, counts.baselineN(), counts.candidateN(), rows);
    }

    /** Tests, flags, adjusts and orders every key of {@code counts}; {@code named} holds "span:KEY"/"resource:KEY". */
    static List<AttributeDifference> rank(AttributeValueCountsQuery.Counts counts, Set<String> named) {
        List<AttributeDifference> rows = new ArrayList<>();
        for (KeyCounts k : counts.keys()) {
            rows.add(difference(k, counts.baselineN(), counts.candidateN(), named));
        }
        List<Integer> family = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).tautological() && Double.isFinite(rows.get(i).p())) {
                family.add(i);
            }
        }
        double[] p = family.stream().mapToDouble(i -> rows.get(i).p()).toArray();
        double[] adjusted = p.length == 0 ? p : MultipleComparisons.benjaminiHochberg(p);
        for (int j = 0; j < family.size(); j++) {
            AttributeDifference a = rows.get(family.get(j));
            rows.set(family.get(j), new AttributeDifference(a.source(), a.key(), a.field(), a.distinctValues(),
                    a.highCardinality(), a.test(), adjusted[j], a.tautology(), a.values()));
        }
        rows.sort(Comparator.comparing(AttributeDifference::tautological)
                .thenComparing(a -> !a.test().isOk())
                .thenComparingDouble(a -> Double.isNaN(a.pAdjusted()) ? a.p() : a.pAdjusted())
                .thenComparing(Comparator.comparingDouble(AttributeDifference::cramersV).reversed())
                .thenComparing(AttributeDifference::field));
        return List.copyOf(rows);
    }

    private static AttributeDifference difference(KeyCounts k, long nb, long nc, Set<String> named) {
        List<ValueShare> columns = new ArrayList<>();
        for (ValueCount v : k.values()) {
            columns.add(share(v.type(), v.value(), v.isOther() ? "(other)" : v.value(), v.baseline(), v.candidate(), nb, nc));
        }
        long missingB = nb - k.baselineWithKey();
        long missingC = nc - k.candidateWithKey();
        if (missingB + missingC > 0) {
            columns.add(share(null, null, "(missing)", missingB, missingC, nb, nc));
        }
        long[][] table = new long[2][columns.size()];
        for (int j = 0; j < columns.size(); j++) {
            table[0][j] = columns.get(j).baseline();
            table[1][j] = columns.get(j).candidate();
        }
        Outcome<ContingencyTest.ContingencyResult> test = ContingencyTest.test(table);
        String field = (k.source() == Source.SPAN ? "span." : "resource.") + k.key();
        Tautology t = named.contains(tag(k.source(), k.key())) ? Tautology.NAMED_IN_FILTER
                : neverOverlap(columns, nb, nc) ? Tautology.VALUES_NEVER_OVERLAP : Tautology.NONE;
        columns.sort(Comparator.comparingDouble((ValueShare v) -> -Math.abs(v.difference()))
                .thenComparing(ValueShare::label));
        return new AttributeDifference(k.source(), k.key(), field, k.distinctValues(),
                k.distinctValues() > AttributeValueCountsQuery.MAX_VALUES, test, Double.NaN, t, List.copyOf(columns));
    }

    /** Two cohorts with spans, at least two columns, and no column with spans of both. */
    private static boolean neverOverlap(List<ValueShare> columns, long nb, long nc) {
        if (nb == 0 || nc == 0 || columns.size() < 2) {
            return false;
        }
        for (ValueShare v : columns) {
            if (v.baseline() > 0 && v.candidate() > 0) {
                return false;
            }
        }
        return true;
    }

    private static ValueShare share(String type, String value, String label, long b, long c, long nb, long nc) {
        return new ValueShare(type, value, label, b, c, nb == 0 ? Double.NaN : (double) b / nb,
                nc == 0 ? Double.NaN : (double) c / nc);
    }

    private static String tag(Source s, String key) {
        return (s == Source.SPAN ? "span:" : "resource:") + key;
    }

    /** Adds the attribute keys a filter names, as {@link #tag} writes them. */
    static void namedFields(Filter.Expr e, Set<String> out) {
        if (e instanceof Filter.And a) {
            a.terms().forEach(t -> namedFields(t, out));
        } else if (e instanceof Filter.Or o) {
            o.terms().forEach(t -> namedFields(t, out));
        } else if (e instanceof Filter.Not n) {
            namedFields(n.term(), out);
        } else if (e instanceof Filter.Exists x) {
            name(x.field(), out);
        } else if (e instanceof Filter.Compare c) {
            name(c.field(), out);
        } else if (e instanceof Filter.In i) {
            name(i.field(), out);
        }
    }

    private static void name(Filter.Field f, Set<String> out) {
        switch (f.scope()) {
            case SPAN -> out.add(tag(Source.SPAN, f.name()));
            case RESOURCE -> out.add(tag(Source.RESOURCE, f.name()));
            case ANY -> {
                // a bare name is looked up in both; intrinsics (service.name, service.version) are
                // case-insensitive and mirror the resource attributes of the same name
                for (String n : List.of(f.name(), f.name().toLowerCase(Locale.ROOT))) {
                    out.add(tag(Source.SPAN, n));
                    out.add(tag(Source.RESOURCE, n));
                }
            }
            default -> throw new IllegalStateException("scope " + f.scope());
        }
    }

    private static void namedFields(Cohort c, Set<String> out) throws CohortException {
        if (c.filter().isBlank()) {
            return;
        }
        try {
            namedFields(FilterParser.parse(c.filter()), out);
        } catch (FilterSyntaxException e) {
            throw new CohortException("cohort " + c.name() + ": " + e.getMessage() + " in: " + c.filter(), e);
        }
    }
}
