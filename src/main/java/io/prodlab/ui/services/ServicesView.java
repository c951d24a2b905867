package io.prodlab.ui.services;

import io.prodlab.model.ServiceStats;
import io.prodlab.ui.common.Columns;
import io.prodlab.ui.common.DialogFolders;
import io.prodlab.ui.common.RedChart;
import io.prodlab.ui.common.TimeChartPane;
import io.prodlab.ui.common.TimeRangePicker;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.common.TableCopy;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.stage.FileChooser;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/**
 * The Services screen: a sortable, filterable table bound to {@link ServicesViewModel}, the
 * session's time range picker, and under the table the selected service's detail — its operations
 * (the same figures per span name) beside its requests over time (rate, errors, duration), of the
 * selected operation when one is.
 */
public final class ServicesView extends VBox {
    public static final String ID = "services-view";
    public static final String ID_FILTER = "services-filter";
    public static final String ID_REFRESH = "services-refresh";
    public static final String ID_TABLE = "services-table";
    public static final String ID_SUMMARY = "services-summary";
    public static final String ID_PLACEHOLDER = "services-placeholder";
    public static final String ID_COL_NAME = "services-col-name";
    public static final String ID_COL_SPANS = "services-col-spans";
    public static final String ID_COL_REQUESTS = "services-col-requests";
    public static final String ID_COL_RATE = "services-col-rate";
    public static final String ID_COL_ERRORS = "services-col-errors";
    public static final String ID_COL_ERROR_RATE = "services-col-error-rate";
    public static final String ID_COL_P50 = "services-col-p50";
    public static final String ID_COL_P95 = "services-col-p95";
    public static final String ID_COL_P99 = "services-col-p99";
    public static final String ID_SPLIT = "services-split";
    public static final String ID_DETAIL = "services-detail";
    public static final String ID_DETAIL_TITLE = "services-detail-title";
    public static final String ID_BUCKETS = "services-buckets";
    public static final String ID_CHART = "services-chart";
    public static final String ID_OPS_TABLE = "services-operations";
    public static final String ID_OPS_TITLE = "services-operations-title";
    public static final String ID_SHOW_TRACES = "services-show-traces";
    public static final String ID_EXPORT_PNG = "services-export-png";
    public static final String ID_EXPORT_SVG = "services-export-svg";
    /** The operations table's columns: {@code ID_OPS_COL_PREFIX} + the services column's id after "services-col-". */
    public static final String ID_OPS_COL_PREFIX = "services-operations-col-";

    private final ServicesViewModel vm;
    private final Messages m;
    private final TextField filter;
    private final DialogFolders folders;

    public ServicesView(ServicesViewModel vm, Messages messages, DialogFolders folders) {
        this.vm = vm;
        this.m = messages;
        this.folders = folders;
        setId(ID);
        getStyleClass().add(Styles.PAGE);

        Label title = new Label(m.get("services.title"));
        title.getStyleClass().add(Styles.PAGE_TITLE);
        Label subtitle = new Label(m.get("services.subtitle"));
        subtitle.getStyleClass().add(Styles.PAGE_SUBTITLE);
        subtitle.setWrapText(true);
        subtitle.setMinHeight(Region.USE_PREF_SIZE);
        VBox header = new VBox(title, subtitle);
        header.getStyleClass().add(Styles.PAGE_HEADER);

        filter = new TextField();
        filter.setId(ID_FILTER);
        filter.getStyleClass().add(Styles.FILTER_FIELD);
        filter.setPromptText(m.get("services.filter.prompt"));
        filter.textProperty().bindBidirectional(vm.filterProperty());
        filter.setPrefColumnCount(18);
        filter.setMinWidth(120);
        filter.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE && !filter.getText().isEmpty()) {
                filter.clear();
                e.consume();
            }
        });
        FontIcon searchIcon = new FontIcon(MaterialDesignM.MAGNIFY);
        Label filterLabel = new Label("", searchIcon);
        filterLabel.setLabelFor(filter);
        Button refresh = new Button(m.get("services.refresh"), new FontIcon(MaterialDesignR.REFRESH));
        refresh.setId(ID_REFRESH);
        refresh.setOnAction(e -> vm.refresh());
        refresh.disableProperty().bind(vm.loadingProperty());
        refresh.setMinWidth(Region.USE_PREF_SIZE);
        Label summary = new Label();
        summary.setId(ID_SUMMARY);
        summary.getStyleClass().add(Styles.MUTED);
        summary.textProperty().bind(vm.summaryProperty());
        summary.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        TimeRangePicker picker = new TimeRangePicker(vm.timeRange(), m);
        HBox toolbar = new HBox(filterLabel, filter, refresh, picker, spacer, summary);
        toolbar.getStyleClass().add(Styles.TOOLBAR);
        HBox customRange = picker.customFields();
        customRange.getStyleClass().add(Styles.TOOLBAR);

        TableView<ServiceStats> table = statsTable(vm.rows(), ID_TABLE, "services-col-", m.get("services.col.name"));
        Label placeholder = new Label();
        placeholder.setId(ID_PLACEHOLDER);
        placeholder.getStyleClass().add(Styles.MUTED);
        placeholder.textProperty().bind(vm.emptyTextProperty());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.getStyleClass().add(Styles.LOADING);
        spinner.visibleProperty().bind(vm.loadingProperty());
        spinner.managedProperty().bind(spinner.visibleProperty());
        placeholder.setGraphic(spinner);
        vm.loadingProperty().addListener((obs, old, loading) -> Styles.toggle(placeholder, Styles.LOADING, loading));
        table.setPlaceholder(placeholder);
        mirror(table, vm.selectedServiceProperty(), vm::selectService);

        SplitPane split = new SplitPane(table, detail());
        split.setId(ID_SPLIT);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.34);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(header, toolbar, customRange, split);
    }

    public ServicesViewModel viewModel() {
        return vm;
    }

    /** Puts the cursor in the filter field (Ctrl+F). */
    public void focusFilter() {
        filter.requestFocus();
        filter.selectAll();
    }

    private VBox detail() {
        Label title = new Label();
        title.setId(ID_DETAIL_TITLE);
        title.getStyleClass().add(Styles.SECTION_TITLE);
        title.textProperty().bind(vm.seriesTitleProperty());
        title.setMinWidth(0);
        Label buckets = new Label();
        buckets.setId(ID_BUCKETS);
        buckets.getStyleClass().add(Styles.MUTED);
        buckets.textProperty().bind(vm.bucketTextProperty());
        buckets.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button traces = new Button(m.get("services.traces"), new FontIcon(MaterialDesignF.FORMAT_LIST_BULLETED));
        traces.setId(ID_SHOW_TRACES);
        traces.setTooltip(new Tooltip(m.get("services.traces.tooltip")));
        traces.visibleProperty().bind(vm.showTracesAvailableProperty());
        traces.managedProperty().bind(traces.visibleProperty());
        traces.setOnAction(e -> vm.showTraces());
        traces.setMinWidth(Region.USE_PREF_SIZE);
        Button png = exportButton(ID_EXPORT_PNG, "chart.export.png", "png");
        Button svg = exportButton(ID_EXPORT_SVG, "chart.export.svg", "svg");
        HBox bar = new HBox(title, buckets, spacer, traces, png, svg);
        bar.getStyleClass().add(Styles.TOOLBAR);

        Label opsTitle = new Label();
        opsTitle.setId(ID_OPS_TITLE);
        opsTitle.getStyleClass().add(Styles.MUTED);
        opsTitle.textProperty().bind(vm.operationsTitleProperty());
        TableView<ServiceStats> ops = statsTable(vm.operations(), ID_OPS_TABLE, ID_OPS_COL_PREFIX,
                m.get("services.ops.col.name"));
        Label opsEmpty = new Label();
        opsEmpty.getStyleClass().add(Styles.MUTED);
        opsEmpty.setWrapText(true);
        opsEmpty.textProperty().bind(vm.operationsEmptyTextProperty());
        ops.setPlaceholder(opsEmpty);
        mirror(ops, vm.selectedOperationProperty(), vm::selectOperation);
        VBox opsBox = new VBox(opsTitle, ops);
        opsBox.getStyleClass().add(Styles.DETAIL_PANE);
        VBox.setVgrow(ops, Priority.ALWAYS);

        TimeChartPane chart = new TimeChartPane(ID_CHART);
        chart.setOnWindow(vm::selectWindow);
        RedChart.follow(chart, vm.seriesProperty(), vm.annotationsProperty(), vm.seriesTextProperty(), m);
        Tooltip.install(chart, new Tooltip(m.get("chart.drag.hint")));
        png.disableProperty().bind(chart.chartProperty().isNull());
        svg.disableProperty().bind(chart.chartProperty().isNull());

        SplitPane body = new SplitPane(opsBox, chart);
        body.setDividerPositions(0.45);
        // The first layouts happen while the window is still narrow, which moves the divider; set it
        // again once the pane has a real width.
        body.widthProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> obs, Number old, Number width) {
                if (width.doubleValue() > 600) {
                    body.widthProperty().removeListener(this);
                    body.setDividerPositions(0.45);
                }
            }
        });
        VBox pane = new VBox(bar, body);
        pane.setId(ID_DETAIL);
        pane.getStyleClass().add(Styles.DETAIL_PANE);
        VBox.setVgrow(body, Priority.ALWAYS);
        return pane;
    }

    private Button exportButton(String id, String key, String extension) {
        Button b = new Button(m.get(key), new FontIcon(MaterialDesignF.FILE_IMAGE_OUTLINE));
        b.setId(id);
        b.setTooltip(new Tooltip(m.get(key + ".tooltip")));
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setInitialDirectory(folders.initial());
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(
                    m.get("chart.export.filter." + extension), "*." + extension));
            ServiceStats service = vm.selectedServiceProperty().get();
            chooser.setInitialFileName((service == null ? "chart" : service.name().replaceAll("[^A-Za-z0-9._-]", "_"))
                    + "-red." + extension);
            java.io.File file = chooser.showSaveDialog(getScene().getWindow());
            if (file != null) {
                folders.used(file.toPath().getParent());
                java.nio.file.Path path = file.getName().contains(".") ? file.toPath()
                        : file.toPath().resolveSibling(file.getName() + "." + extension);
                vm.exportChart(path);
            }
        });
        return b;
    }

    /**
     * Keeps a table's selection and the view model's in step: the user's choice goes to
     * {@code select}; the view model's (kept by name across reloads) is shown in the table.
     */
    private static void mirror(TableView<ServiceStats> table, javafx.beans.value.ObservableValue<ServiceStats> selected,
                               java.util.function.Consumer<ServiceStats> select) {
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> select.accept(row));
        selected.addListener((obs, old, row) -> {
            if (row != table.getSelectionModel().getSelectedItem()) {
                if (row == null) {
                    table.getSelectionModel().clearSelection();
                } else {
                    table.getSelectionModel().select(row);
                }
            }
        });
    }

    /** A table of {@link ServiceStats} rows: the services, or one service's operations. */
    private TableView<ServiceStats> statsTable(javafx.collections.transformation.SortedList<ServiceStats> rows,
                                               String id, String colPrefix, String nameHeader) {
        TableView<ServiceStats> table = new TableView<>(rows);
        table.setId(id);
        rows.comparatorProperty().bind(table.comparatorProperty());
        // Every column gives and takes width in proportion, so growing the window widens them
        // all again; minimum widths keep the name and the figures readable.
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableCopy.install(table, m);

        TableColumn<ServiceStats, String> name = Columns.text(colPrefix + "name", nameHeader, ServiceStats::name,
                (row, text) -> text);
        name.setPrefWidth(200);
        name.setMinWidth(120);
        table.getColumns().add(name);
        table.getColumns().add(sized(Columns.integer(colPrefix + "spans", m.get("services.col.spans"),
                ServiceStats::spans), 80, 56));
        table.getColumns().add(sized(Columns.integer(colPrefix + "requests", m.get("services.col.requests"),
                ServiceStats::requests), 85, 56));
        table.getColumns().add(sized(Columns.decimal(colPrefix + "rate", m.get("services.col.rate"),
                ServiceStats::ratePerS, 2), 90, 56));
        table.getColumns().add(sized(Columns.integer(colPrefix + "errors", m.get("services.col.errors"),
                ServiceStats::errors), 70, 56));
        table.getColumns().add(sized(Columns.percentage(colPrefix + "error-rate", m.get("services.col.error-rate"),
                ServiceStats::errorRate, 2), 90, 56));
        table.getColumns().add(sized(Columns.durationMs(colPrefix + "p50", m.get("services.col.p50"),
                ServiceStats::p50Ms, 1), 75, 56));
        table.getColumns().add(sized(Columns.durationMs(colPrefix + "p95", m.get("services.col.p95"),
                ServiceStats::p95Ms, 1), 75, 56));
        table.getColumns().add(sized(Columns.durationMs(colPrefix + "p99", m.get("services.col.p99"),
                ServiceStats::p99Ms, 1), 75, 56));
        return table;
    }

    private static <T> TableColumn<ServiceStats, T> sized(TableColumn<ServiceStats, T> c, double pref, double min) {
        c.setPrefWidth(pref);
        c.setMinWidth(min);
        return c;
    }
}
