package io.prodlab.compare;

import io.prodlab.query.FieldCatalog;
import io.prodlab.query.SqlFilter;
import io.prodlab.store.CohortValuesQuery;
import io.prodlab.store.SpanMatchQuery;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the observations of each cohort from a workspace: compiles the cohorts' filters and the
 * scope ({@code --where}) and runs them in the store. Filter problems name the cohort.
 */
public final class CohortObservations {
    /** One cohort's observations and the warnings its filters produced. */
    public record Result(Cohort cohort, CohortValuesQuery.Observations observations, List<String> warnings) {
    }

    private final Workspace ws;

    public CohortObservations(Workspace ws) {
        this.ws = ws;
    }

    /**
     * @param scope which spans count (the metric's spans); null or blank for all
     * @throws CohortException a cohort's or the scope's filter cannot be read
     */
    public List<Result> read(List<Cohort> cohorts, String scope, Unit unit) throws CohortException, WorkspaceException {
        FieldCatalog catalog = catalog();
        SqlFilter where = CohortConditions.compile("--where", scope, catalog);
        List<Result> out = new ArrayList<>();
        for (Cohort c : cohorts) {
            SqlFilter f = CohortConditions.of(c, catalog);
            CohortValuesQuery q = new CohortValuesQuery(ws);
            CohortValuesQuery.Observations o = unit == Unit.SPAN
                    ? q.spans(f.sql(), f.params(), where.sql(), where.params())
                    : q.traces(f.sql(), f.params(), where.sql(), where.params());
            List<String> warnings = new ArrayList<>();
            f.warnings().forEach(w -> warnings.add("cohort " + c.name() + ": " + w));
            where.warnings().forEach(w -> warnings.add("--where: " + w));
            out.add(new Result(c, o, warnings));
        }
        return out;
    }

    private FieldCatalog catalog() throws WorkspaceException {
        SpanMatchQuery.Keys keys = new SpanMatchQuery(ws).attributeKeys();
        return FieldCatalog.of(keys.span(), keys.resource());
    }
}
