package io.prodlab.query;

import java.util.List;

/**
 * A filter compiled to SQL: a boolean expression over the {@code spans} table's columns with
 * {@code ?} placeholders, and the values to bind to them in order. No value of the filter is in
 * {@link #sql()}: it holds only column names, operators, functions and placeholders.
 *
 * @param warnings things worth telling the user that do not stop the filter (a field no span carries)
 */
public record SqlFilter(String sql, List<Object> params, List<String> warnings) {
    public SqlFilter {
        params = List.copyOf(params);
        warnings = List.copyOf(warnings);
    }
}
