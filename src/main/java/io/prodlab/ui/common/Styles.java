package io.prodlab.ui.common;

import javafx.scene.Node;

/**
 * Style-class names of {@code prodlab.css}, in one place so that Java and CSS agree. AtlantaFX's
 * own classes ({@code atlantafx.base.theme.Styles}) are used beside these.
 */
public final class Styles {
    /** The base stylesheet: tokens and the app's own classes. */
    public static final String STYLESHEET = "/io/prodlab/ui/prodlab.css";

    /** On the scene root in the dark theme; the stylesheet overrides tokens under it. */
    public static final String THEME_DARK = "theme-dark";

    public static final String MAIN_WINDOW = "main-window";
    public static final String SIDEBAR = "sidebar";
    public static final String NAV_BUTTON = "nav-button";
    public static final String STATUS_BAR = "status-bar";
    public static final String STATUS_ERROR = "status-error";
    public static final String PAGE = "page";
    public static final String PAGE_HEADER = "page-header";
    public static final String PAGE_TITLE = "page-title";
    public static final String PAGE_SUBTITLE = "page-subtitle";
    public static final String TOOLBAR = "page-toolbar";
    public static final String SECTION_TITLE = "section-title";
    public static final String MUTED = "muted";
    public static final String NUMERIC = "numeric";
    /** A table whose selected rows Ctrl+C copies (see {@link TableCopy}). */
    public static final String COPYABLE_TABLE = "copyable-table";
    /** A placeholder that says the table is being loaded. */
    public static final String LOADING = "loading";
    /** A text field that filters a table; its hint stays readable while it has the focus. */
    public static final String FILTER_FIELD = "filter-field";
    public static final String START_PAGE = "start-page";
    public static final String START_CARD = "start-card";
    public static final String RECENT_LIST = "recent-list";
    public static final String DROP_TARGET = "drop-target";
    public static final String DROP_ACTIVE = "drop-active";
    public static final String PROGRESS_PANE = "progress-pane";
    public static final String STATUS_CELL_PREFIX = "import-status-";
    public static final String ERROR_DIALOG = "error-dialog";
    /** The user guide window and its parts. */
    public static final String HELP = "help";
    public static final String HELP_TABLE = "help-table";
    public static final String HELP_TEXT = "help-text";
    public static final String HELP_BOLD = "help-bold";
    public static final String HELP_CODE = "help-code";
    public static final String HELP_ITALIC = "help-italic";
    /** The Message column's text of an import that needs a look (nothing imported from it). */
    public static final String IMPORT_STATUS_EMPTY = "import-status-empty";
    // Import: a file that waits for the user's confirmation (issue 9).
    public static final String IMPORT_CONFIRM = "import-confirm";
    public static final String ERROR_CODE = "error-code";
    // Time: the time-range picker, time charts, the Services view's detail pane
    public static final String TIME_RANGE_PICKER = "time-range-picker";
    public static final String TIME_CHART = "time-chart";
    public static final String FIELD_ERROR = "field-error";
    public static final String DETAIL_PANE = "detail-pane";

    // --- Traces (io.prodlab.ui.traces): search, waterfall, comparison -----------------------
    public static final String TRACE_TAB_CONTENT = "trace-tab-content";
    public static final String TRACE_SEARCH = "trace-search";
    public static final String TRACE_CRITERIA = "trace-criteria";
    public static final String INVALID = "invalid";
    public static final String TRACE_RESULTS = "trace-results";
    public static final String TRACE_CHART = "trace-chart";
    public static final String TRACE_CHART_TEXT = "trace-chart-text";
    public static final String TRACE_CHART_GRID = "trace-chart-grid";
    public static final String TRACE_CHART_OK = "trace-chart-ok";
    public static final String TRACE_CHART_ERROR = "trace-chart-error";
    public static final String TRACE_VIEW = "trace-view";
    public static final String TRACE_NOTES = "trace-notes";
    public static final String TRACE_LEGEND = "trace-legend";
    public static final String LEGEND_ENTRY = "legend-entry";
    public static final String LEGEND_CRITICAL = "legend-critical";
    public static final String TRACE_DETAILS = "trace-details";
    public static final String WATERFALL = "waterfall";
    public static final String WATERFALL_RULER = "waterfall-ruler";
    public static final String WATERFALL_ROW = "waterfall-row";
    public static final String WATERFALL_TOGGLE = "waterfall-toggle";
    public static final String WATERFALL_BAR = "waterfall-bar";
    public static final String WATERFALL_BAR_ERROR = "waterfall-bar-error";
    public static final String WATERFALL_CRITICAL = "waterfall-critical";
    public static final String WATERFALL_CRITICAL_ROW = "waterfall-critical-row";
    public static final String SERVICE_SWATCH = "service-swatch";
    public static final String WATERFALL_FLAG = "waterfall-flag";
    public static final String WATERFALL_ERROR_FLAG = "waterfall-error-flag";
    public static final String WATERFALL_DURATION = "waterfall-duration";
    public static final String TRACE_COMPARE = "trace-compare";
    public static final String COMPARE_ONLY_A = "compare-only-a";
    public static final String COMPARE_ONLY_B = "compare-only-b";
    public static final String SERVICE_COLOR_PREFIX = "service-color-";
    // --- filter expression field and Compare screen ---
    /** A {@link FilterExpressionField}: its input, the status line under it and its states. */
    public static final String FILTER_EXPRESSION = "filter-expression";
    public static final String FILTER_INPUT = "filter-input";
    public static final String FILTER_INVALID = "filter-invalid";
    public static final String FILTER_STATUS = "filter-status";
    public static final String FILTER_ERROR = "filter-error";
    public static final String FILTER_WARNING = "filter-warning";
    public static final String COMPARE_BUILDER = "compare-builder";
    public static final String COHORT_CARD = "cohort-card";
    public static final String COHORT_BASELINE = "cohort-baseline";
    public static final String COHORT_BADGE = "cohort-badge";
    public static final String COMPARE_PROBLEM = "compare-problem";
    public static final String CHART_CARD = "chart-card";
    public static final String RESULT_FLAG = "result-flag";

    private Styles() {
    }

    /** Adds {@code styleClass} to {@code node} when {@code on}, removes it otherwise; never twice. */
    public static void toggle(Node node, String styleClass, boolean on) {
        node.getStyleClass().remove(styleClass);
        if (on) {
            node.getStyleClass().add(styleClass);
        }
    }
}
