package io.prodlab.query;

import io.prodlab.query.Filter.Expr;
import io.prodlab.query.Filter.Field;
import io.prodlab.query.Filter.Op;
import io.prodlab.query.Filter.Scope;
import io.prodlab.query.Filter.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a {@link Filter.Expr} to a parameterized SQL condition on the {@code spans} table
 * (DESIGN.md's semantics):
 * <ul>
 *   <li>intrinsics ({@code name kind status duration service.name service.version trace.root}) are
 *       columns; a bare name that is no intrinsic looks in span attributes, then resource ones;</li>
 *   <li>attributes are JSON that keeps its types (decision 0001): numbers compare numerically
 *       with numeric attributes, strings lexically with string attributes, booleans with
 *       booleans; a value of another type does not match;</li>
 *   <li>comparing a missing attribute is false, also under {@code not} (use {@code exists});</li>
 *   <li>{@code =~} is a full match of an RE2 regular expression;</li>
 *   <li>{@code event(COND)} is an {@code EXISTS} over the span's rows in {@code span_events}: inside,
 *       {@code name} is the event's name, other bare fields are the event's attributes, and
 *       {@code span.}/{@code resource.} scopes and the other intrinsics are refused.</li>
 * </ul>
 * Every value — and every attribute name, as a JSON pointer — is a bound parameter: nothing the
 * user typed reaches the SQL text.
 */
public final class FilterCompiler {
    private enum Intrinsic {
        NAME("name", "name"), KIND("kind", "kind"), STATUS("status", "status"), DURATION("duration", "duration_ns"),
        SERVICE_NAME("service.name", "service_name"), SERVICE_VERSION("service.version", "service_version"),
        TRACE_ROOT("trace.root", "parent_span_id");

        final String field;
        final String column;

        Intrinsic(String field, String column) {
            this.field = field;
            this.column = column;
        }
    }

    private static final Map<Intrinsic, List<String>> ENUMS = Map.of(
            Intrinsic.KIND, List.of("internal", "server", "client", "producer", "consumer"),
            Intrinsic.STATUS, List.of("unset", "ok", "error"));

    /** The alias of {@code span_events} inside {@code event(...)}, unlikely to clash with a caller's. */
    private static final String EVENT_ALIAS = "pl_event";

    private String alias;
    /** The spans table's qualifier for the correlation of {@code event(...)}. */
    private final String spanQualifier;
    /** Inside {@code event(...)}: fields are the event's. */
    private boolean inEvent;
    private final FieldCatalog catalog;
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private FilterCompiler(String alias, FieldCatalog catalog) {
        this.alias = alias == null || alias.isEmpty() ? "" : alias + ".";
        this.spanQualifier = alias == null || alias.isEmpty() ? "spans." : alias + ".";
        this.catalog = catalog == null ? FieldCatalog.NONE : catalog;
    }

    /**
     * @param alias the {@code spans} table's alias in the query the condition goes into ("s"), or
     *              empty for bare column names
     */
    public static SqlFilter compile(Expr expr, String alias, FieldCatalog catalog) throws FilterSyntaxException {
        FilterCompiler c = new FilterCompiler(alias, catalog);
        c.expr(expr);
        return new SqlFilter(c.sql.toString(), c.params, c.warnings);
    }

    /** A filter that keeps every span, for an option the user left out. */
    public static final SqlFilter ALL = new SqlFilter("TRUE", List.of(), List.of());

    /** Parses and compiles {@code text}; null or blank text keeps every span ({@link #ALL}). */
    public static SqlFilter compileOptional(String text, String alias, FieldCatalog catalog) throws FilterSyntaxException {
        return text == null || text.isBlank() ? ALL : compile(text, alias, catalog);
    }

    /** Parses and compiles in one step. */
    public static SqlFilter compile(String text, String alias, FieldCatalog catalog) throws FilterSyntaxException {
        return compile(FilterParser.parse(text), alias, catalog);
    }

    private void expr(Expr e) throws FilterSyntaxException {
        if (e instanceof Filter.And and) {
            join(and.terms(), " AND ");
        } else if (e instanceof Filter.Or or) {
            join(or.terms(), " OR ");
        } else if (e instanceof Filter.Not not) {
            sql.append("(NOT ");
            expr(not.term());
            sql.append(')');
        } else if (e instanceof Filter.HasEvent he) {
            hasEvent(he);
        } else if (e instanceof Filter.Exists ex) {
            leaf(() -> exists(ex.field()));
        } else if (e instanceof Filter.Compare cmp) {
            leaf(() -> compare(cmp.field(), cmp.op(), cmp.value()));
        } else if (e instanceof Filter.In in) {
            leaf(() -> {
                sql.append('(');
                for (int i = 0; i < in.values().size(); i++) {
                    if (i > 0) {
                        sql.append(" OR ");
                    }
                    compare(in.field(), Op.EQ, in.values().get(i));
                }
                sql.append(')');
            });
        } else {
            throw new IllegalStateException("unknown node " + e);
        }
    }

    private void join(List<Expr> terms, String op) throws FilterSyntaxException {
        sql.append('(');
        for (int i = 0; i < terms.size(); i++) {
            if (i > 0) {
                sql.append(op);
            }
            expr(terms.get(i));
        }
        sql.append(')');
    }

    @FunctionalInterface
    private interface Body {
        void write() throws FilterSyntaxException;
    }

    /** A comparison is true or false, never NULL: a missing attribute makes it false, also under NOT. */
    private void leaf(Body body) throws FilterSyntaxException {
        sql.append("COALESCE(");
        body.write();
        sql.append(", FALSE)");
    }

    private void hasEvent(Filter.HasEvent he) throws FilterSyntaxException {
        if (inEvent) {
            throw new FilterSyntaxException(he.column(), "event(...) cannot hold another event(...): its fields are "
                    + "already the event's");
        }
        String outer = alias;
        sql.append("(EXISTS (SELECT 1 FROM span_events ").append(EVENT_ALIAS).append(" WHERE ").append(EVENT_ALIAS)
                .append(".trace_id = ").append(spanQualifier).append("trace_id AND ").append(EVENT_ALIAS)
                .append(".span_id = ").append(spanQualifier).append("span_id AND ");
        alias = EVENT_ALIAS + ".";
        inEvent = true;
        try {
            expr(he.condition());
        } finally {
            alias = outer;
            inEvent = false;
        }
        sql.append("))");
    }

    /** Inside {@code event(...)}: a bare name other than {@code name} is an event attribute (column attributes). */
    private Field eventField(Field f) throws FilterSyntaxException {
        if (!inEvent) {
            return f;
        }
        if (f.scope() != Scope.ANY) {
            throw new FilterSyntaxException(f.column(), "inside event(...) fields are the event's: write "
                    + f.name() + ", not " + f.display());
        }
        return f.name().equalsIgnoreCase("name") ? f : new Field(Scope.SPAN, f.name(), f.column());
    }

    // --- leaves --------------------------------------------------------------------------

    private void exists(Field written) throws FilterSyntaxException {
        Field f = eventField(written);
        Intrinsic in = intrinsic(f);
        if (in == Intrinsic.SERVICE_NAME || in == Intrinsic.SERVICE_VERSION) {
            sql.append('(').append(col(in)).append(" <> '')");
            return;
        }
        if (in != null) {
            throw new FilterSyntaxException(f.column(), f.display() + " is there on every " + (inEvent ? "event" : "span")
                    + "; 'exists' is for attributes");
        }
        warnIfUnknown(f);
        String pointer = pointer(f.name());
        switch (f.scope()) {
            case SPAN -> jsonExists("attributes", pointer);
            case RESOURCE -> jsonExists("resource", pointer);
            case ANY -> {
                sql.append('(');
                jsonExists("attributes", pointer);
                sql.append(" OR ");
                jsonExists("resource", pointer);
                sql.append(')');
            }
        }
    }

    private void jsonExists(String column, String pointer) {
        sql.append("json_exists(").append(alias).append(column).append(", ?)");
        params.add(pointer);
    }

    private void compare(Field written, Op op, Value v) throws FilterSyntaxException {
        Field f = eventField(written);
        Intrinsic in = intrinsic(f);
        if (in != null) {
            compareIntrinsic(in, f, op, v);
        } else {
            warnIfUnknown(f);
            compareAttribute(f, op, v);
        }
    }

    private void compareIntrinsic(Intrinsic in, Field f, Op op, Value v) throws FilterSyntaxException {
        switch (in) {
            case NAME, SERVICE_NAME, SERVICE_VERSION -> {
                String text = text(f, v, "text");
                if (op == Op.MATCH || op == Op.NOT_MATCH) {
                    regex(col(in), op, text, v);
                } else {
                    sql.append('(').append(col(in)).append(' ').append(sqlOp(op)).append(" ?)");
                    params.add(text);
                }
            }
            case KIND, STATUS -> {
                if (op != Op.EQ && op != Op.NE) {
                    throw new FilterSyntaxException(v.column(), f.display() + " compares with = or != (or 'in'), not "
                            + op.text());
                }
                String word = v instanceof Filter.Word w ? w.word() : v instanceof Filter.Text t ? t.text() : null;
                List<String> allowed = ENUMS.get(in);
                String code = word == null ? null : word.toLowerCase(Locale.ROOT);
                if (code == null || !allowed.contains(code)) {
                    throw new FilterSyntaxException(v.column(), f.display() + " is one of " + String.join(", ", allowed)
                            + "; found " + describe(v));
                }
                sql.append('(').append(col(in)).append(' ').append(sqlOp(op)).append(" ?)");
                params.add(code);
            }
            case DURATION -> {
                if (!(v instanceof Filter.Duration d)) {
                    throw new FilterSyntaxException(v.column(), "duration compares with a duration that has a unit, "
                            + "such as 250ms or 1.5s; found " + describe(v));
                }
                if (op == Op.MATCH || op == Op.NOT_MATCH) {
                    throw new FilterSyntaxException(v.column(), "=~ and !~ match text; duration compares with "
                            + "=, !=, <, <=, > or >=");
                }
                sql.append('(').append(col(in)).append(' ').append(sqlOp(op)).append(" ?)");
                params.add(d.nanos());
            }
            case TRACE_ROOT -> {
                if (!(v instanceof Filter.Bool b) || (op != Op.EQ && op != Op.NE)) {
                    throw new FilterSyntaxException(v.column(), "trace.root is true or false: write trace.root = true "
                            + "(or != true); found " + op.text() + " " + describe(v));
                }
                sql.append("((").append(col(in)).append(" = '') ").append(sqlOp(op)).append(" ?)");
                params.add(b.value());
            }
        }
    }

    private void compareAttribute(Field f, Op op, Value v) throws FilterSyntaxException {
        String pointer = pointer(f.name());
        if (v instanceof Filter.Text t) {
            typed(f, pointer, "= 'VARCHAR'");
            if (op == Op.MATCH || op == Op.NOT_MATCH) {
                regex(jsonCall("json_extract_string", f, pointer), op, t.text(), v);
                sql.append(')'); // closes typed(...)
            } else {
                sql.append(jsonCall("json_extract_string", f, pointer)).append(' ').append(sqlOp(op)).append(" ?)");
                params.add(t.text());
            }
            return;
        }
        if (op == Op.MATCH || op == Op.NOT_MATCH) {
            throw new FilterSyntaxException(v.column(), op.text() + " takes a regular expression in double quotes, "
                    + "such as \"shop-.*\"; found " + describe(v));
        }
        if (v instanceof Filter.Number n) {
            typed(f, pointer, "IN ('BIGINT', 'UBIGINT', 'DOUBLE')");
            sql.append("CAST(").append(jsonCall("json_extract", f, pointer)).append(" AS DOUBLE) ")
                    .append(sqlOp(op)).append(" ?)");
            params.add(n.value());
        } else if (v instanceof Filter.Bool b) {
            if (op != Op.EQ && op != Op.NE) {
                throw new FilterSyntaxException(v.column(), "true and false compare with = or !=, not " + op.text());
            }
            typed(f, pointer, "= 'BOOLEAN'");
            sql.append("CAST(").append(jsonCall("json_extract", f, pointer)).append(" AS BOOLEAN) ")
                    .append(sqlOp(op)).append(" ?)");
            params.add(b.value());
        } else if (v instanceof Filter.Duration) {
            throw new FilterSyntaxException(v.column(), "a duration compares with the intrinsic 'duration'; compare "
                    + "the attribute " + f.display() + " with a plain number");
        } else {
            throw new FilterSyntaxException(v.column(), "expected a value (a \"string\", a number, true or false) for "
                    + f.display() + ", found " + describe(v) + "; put text in double quotes");
        }
    }

    /** Opens {@code (json_type(J, ?) <test> AND }; the caller closes the parenthesis. */
    private void typed(Field f, String pointer, String test) {
        sql.append('(').append(jsonCall("json_type", f, pointer)).append(' ').append(test).append(" AND ");
    }

    /** {@code fn(J, ?)} where J is the field's JSON column (span attributes, else resource ones). */
    private String jsonCall(String fn, Field f, String pointer) {
        StringBuilder s = new StringBuilder(fn).append('(');
        switch (f.scope()) {
            case SPAN -> s.append(alias).append("attributes");
            case RESOURCE -> s.append(alias).append("resource");
            case ANY -> {
                s.append("CASE WHEN json_exists(").append(alias).append("attributes, ?) THEN ").append(alias)
                        .append("attributes ELSE ").append(alias).append("resource END");
                params.add(pointer);
            }
        }
        params.add(pointer);
        return s.append(", ?)").toString();
    }

    private void regex(String subject, Op op, String pattern, Value v) throws FilterSyntaxException {
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new FilterSyntaxException(v.column(), "not a valid regular expression: " + e.getDescription());
        }
        sql.append(op == Op.NOT_MATCH ? "(NOT regexp_full_match(" : "(regexp_full_match(").append(subject)
                .append(", ?))");
        params.add(pattern);
    }

    // --- helpers -------------------------------------------------------------------------

    private static Intrinsic intrinsic(Field f) {
        if (f.scope() != Scope.ANY) {
            return null;
        }
        for (Intrinsic in : Intrinsic.values()) {
            if (in.field.equalsIgnoreCase(f.name())) {
                return in;
            }
        }
        return null;
    }

    private String col(Intrinsic in) {
        return alias + in.column;
    }

    private String text(Field f, Value v, String what) throws FilterSyntaxException {
        if (v instanceof Filter.Text t) {
            return t.text();
        }
        throw new FilterSyntaxException(v.column(), f.display() + " is " + what + ": compare it with a \"string\"; found "
                + describe(v));
    }

    private void warnIfUnknown(Field f) {
        if (inEvent) {
            return; // the catalog knows the spans' keys, not the events'
        }
        boolean known = switch (f.scope()) {
            case SPAN -> catalog.hasSpanAttribute(f.name());
            case RESOURCE -> catalog.hasResourceAttribute(f.name());
            case ANY -> catalog.hasSpanAttribute(f.name()) || catalog.hasResourceAttribute(f.name());
        };
        if (!known) {
            String where = switch (f.scope()) {
                case SPAN -> "span attribute";
                case RESOURCE -> "resource attribute";
                case ANY -> "span or resource attribute";
            };
            String w = "at column " + f.column() + ": no span in this workspace has the " + where + " '" + f.name()
                    + "'; this part of the filter is false for every span";
            if (!warnings.contains(w)) {
                warnings.add(w);
            }
        }
    }

    /** RFC 6901 JSON pointer to a top-level key: the key is a parameter, so any name is safe. */
    static String pointer(String key) {
        return "/" + key.replace("~", "~0").replace("/", "~1");
    }

    private static String sqlOp(Op op) {
        return switch (op) {
            case EQ -> "=";
            case NE -> "<>";
            case LT -> "<";
            case LE -> "<=";
            case GT -> ">";
            case GE -> ">=";
            case MATCH, NOT_MATCH -> throw new IllegalArgumentException("regex operators have no SQL operator");
        };
    }

    private static String describe(Value v) {
        if (v instanceof Filter.Text t) {
            return "the string \"" + t.text() + "\"";
        }
        if (v instanceof Filter.Number n) {
            return "the number " + n.literal();
        }
        if (v instanceof Filter.Duration d) {
            return "the duration " + d.literal();
        }
        if (v instanceof Filter.Bool b) {
            return b.value() ? "true" : "false";
        }
        return "'" + ((Filter.Word) v).word() + "'";
    }
}
