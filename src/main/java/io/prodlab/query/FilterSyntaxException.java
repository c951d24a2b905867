package io.prodlab.query;

import io.prodlab.error.ErrorCategory;
import io.prodlab.error.ProdlabException;

/**
 * A filter expression cannot be read or does not make sense: the message says where (column,
 * 1-based) and what was expected, e.g. "at column 23: expected a value after '=', found end of
 * input".
 */
public final class FilterSyntaxException extends ProdlabException {
    private static final long serialVersionUID = 1L;

    private final int column;

    FilterSyntaxException(int column, String what) {
        super(ErrorCategory.BAD_INPUT, "at column " + column + ": " + what);
        this.column = column;
    }

    /** Where the problem is, 1-based. */
    public int column() {
        return column;
    }
}
