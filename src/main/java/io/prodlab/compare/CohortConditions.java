package io.prodlab.compare;

import io.prodlab.query.FieldCatalog;
import io.prodlab.query.FilterCompiler;
import io.prodlab.query.FilterSyntaxException;
import io.prodlab.query.SqlFilter;

import java.util.ArrayList;
import java.util.List;

/**
 * A cohort as one SQL condition over {@code spans s}: its filter compiled by the filter language,
 * and its time window (a span starts in it) as two bound values. Filter problems name the cohort.
 */
final class CohortConditions {
    private CohortConditions() {
    }

    static SqlFilter of(Cohort c, FieldCatalog catalog) throws CohortException {
        SqlFilter f = compile("cohort " + c.name(), c.filter(), catalog);
        if (c.window() == null) {
            return f;
        }
        List<Object> params = new ArrayList<>(f.params());
        params.add(c.window().startNs());
        params.add(c.window().endNs());
        return new SqlFilter("(" + f.sql() + " AND s.start_ns >= ? AND s.start_ns < ?)", params, f.warnings());
    }

    /** A filter that is not a cohort's ({@code --where}); blank keeps every span. */
    static SqlFilter compile(String what, String filter, FieldCatalog catalog) throws CohortException {
        try {
            return FilterCompiler.compileOptional(filter, "s", catalog);
        } catch (FilterSyntaxException e) {
            throw new CohortException(what + ": " + e.getMessage() + " in: " + filter, e);
        }
    }
}
