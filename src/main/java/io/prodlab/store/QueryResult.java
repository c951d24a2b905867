package io.prodlab.store;

import java.util.List;

/**
 * The result of {@link Workspace#query}: column labels and rows of JDBC values.
 *
 * @param truncated whether more rows existed than were asked for
 */
public record QueryResult(List<String> columns, List<List<Object>> rows, boolean truncated) {
}
