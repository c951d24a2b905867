package io.prodlab.ui.traces;

import io.prodlab.model.TraceSummary;
import io.prodlab.ui.common.Columns;
import io.prodlab.ui.common.FilterExpressionField;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.common.TableCopy;
import io.prodlab.ui.common.TimeRangePicker;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignO;

/**
 * The Search tab: criteria above, the duration-over-time chart and the results table below. Enter
 * in any field searches; Enter or a double-click on a row opens the trace.
 */
final class TraceSearchView extends VBox {
    static final String ID_FILTER = "traces-filter";
    static final String ID_SERVICE = "traces-service";
    static final String ID_OPERATION = "traces-operation";
    static final String ID_MIN = "traces-min-duration";
    static final String ID_MAX = "traces-max-duration";
    static final String ID_ERRORS = "traces-errors-only";
    static final String ID_SEARCH = "traces-search";
    static final String ID_CANCEL = "traces-cancel";
    static final String ID_OPEN = "traces-open";
    static final String ID_COMPARE = "traces-compare";
    static final String ID_SHOW_ALL = "traces-show-all";
    static final String ID_PROBLEM = "traces-problem";
    static final String ID_SUMMARY = "traces-summary";
    static final String ID_TABLE = "traces-table";
    static final String ID_CHART = "traces-chart";

    private final TraceSearchViewModel vm;
    private final TracesViewModel traces;
    private final Messages m;
    private final FilterExpressionField filter;
    private final TableView<TraceSummary> table;
    private final TraceScatterChart chart;

    TraceSearchView(TracesViewModel traces, Messages messages) {
        this.traces = traces;
        this.vm = traces.search();
        this.m = messages;
        getStyleClass().add(Styles.TRACE_SEARCH);

        // The filter: checked as it is typed, its error with the column under it.
        filter = new FilterExpressionField(ID_FILTER, vm.filterCheck(), m);
        filter.input().setPromptText(m.get("traces.search.filter.prompt"));

        ComboBox<String> service = picker(ID_SERVICE, vm.services(), m.get("traces.search.service.any"));
        service.valueProperty().bindBidirectional(vm.serviceProperty());
        ComboBox<String> operation = picker(ID_OPERATION, vm.operations(), m.get("traces.search.operation.any"));
        operation.valueProperty().bindBidirectional(vm.operationProperty());
        TextField min = small(ID_MIN, m.get("traces.search.duration.prompt"), 7);
        min.textProperty().bindBidirectional(vm.minDurationProperty());
        TextField max = small(ID_MAX, m.get("traces.search.duration.prompt"), 7);
        max.textProperty().bindBidirectional(vm.maxDurationProperty());
        TimeRangePicker time = new TimeRangePicker(vm.timeRange(), m);
        CheckBox errors = new CheckBox(m.get("traces.search.errors"));
        errors.setId(ID_ERRORS);
        errors.selectedProperty().bindBidirectional(vm.errorsOnlyProperty());
        errors.setMinWidth(Region.USE_PREF_SIZE);

        Button search = new Button(m.get("traces.search.run"), new FontIcon(MaterialDesignM.MAGNIFY));
        search.setId(ID_SEARCH);
        search.setDefaultButton(false);
        search.setOnAction(e -> vm.search());
        search.disableProperty().bind(vm.runningProperty());
        search.setMinWidth(Region.USE_PREF_SIZE);
        Button cancel = new Button(m.get("traces.search.cancel"), new FontIcon(MaterialDesignC.CLOSE));
        cancel.setId(ID_CANCEL);
        cancel.setOnAction(e -> vm.cancel());
        cancel.visibleProperty().bind(vm.runningProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        for (TextField f : new TextField[]{filter.input(), min, max}) {
            f.setOnKeyPressed(e -> {
                if (e.getCode() == KeyCode.ENTER) {
                    vm.search();
                    e.consume();
                }
            });
        }

        GridPane criteria = new GridPane();
        criteria.getStyleClass().add(Styles.TRACE_CRITERIA);
        criteria.addRow(0, label(m.get("traces.search.filter"), filter.input()), filter);
        GridPane.setColumnSpan(filter, 7);
        criteria.addRow(2, label(m.get("traces.search.service"), service), service,
                label(m.get("traces.search.operation"), operation), operation,
                label(m.get("traces.search.min"), min), min, label(m.get("traces.search.max"), max), max);
        // The session's time range: the same picker as on every screen, so changing it here changes it there.
        HBox timeRow = new HBox(time, errors);
        timeRow.getStyleClass().add(Styles.TOOLBAR);
        criteria.add(timeRow, 0, 3, 6, 1);
        HBox buttons = new HBox(search, cancel);
        buttons.getStyleClass().add(Styles.TOOLBAR);
        criteria.add(buttons, 6, 3, 2, 1);
        HBox customRange = time.customFields();
        customRange.getStyleClass().add(Styles.TOOLBAR);
        criteria.add(customRange, 0, 4, 8, 1);
        ColumnConstraints labelCol = new ColumnConstraints();
        labelCol.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints grow = new ColumnConstraints();
        grow.setHgrow(Priority.SOMETIMES);
        criteria.getColumnConstraints().addAll(labelCol, grow, labelCol, grow, labelCol, new ColumnConstraints(),
                labelCol, new ColumnConstraints());

        Label problem = TraceControls.problem(ID_PROBLEM, vm.problemProperty());

        table = table();
        chart = new TraceScatterChart(m, vm.results(), vm.brushProperty()::set, t -> traces.openTrace(t.traceId()));
        chart.setId(ID_CHART);
        chart.setMinHeight(190);
        vm.brushProperty().addListener((obs, o, b) -> chart.showBrush(b));

        Button open = new Button(m.get("traces.search.open"), new FontIcon(MaterialDesignO.OPEN_IN_APP));
        open.setId(ID_OPEN);
        open.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        open.setOnAction(e -> openSelected());
        Button compare = new Button(m.get("traces.search.compare"), new FontIcon(MaterialDesignC.COMPARE_HORIZONTAL));
        compare.setId(ID_COMPARE);
        compare.disableProperty().bind(Bindings.size(table.getSelectionModel().getSelectedItems()).isNotEqualTo(2));
        compare.setOnAction(e -> {
            var sel = table.getSelectionModel().getSelectedItems();
            if (sel.size() == 2) {
                // the earlier trace is the baseline
                TraceSummary a = sel.get(0).startNs() <= sel.get(1).startNs() ? sel.get(0) : sel.get(1);
                TraceSummary b = a == sel.get(0) ? sel.get(1) : sel.get(0);
                traces.compareTraces(a.traceId(), b.traceId());
            }
        });
        Button showAll = new Button(m.get("traces.search.clear-selection"));
        showAll.setId(ID_SHOW_ALL);
        showAll.visibleProperty().bind(vm.brushProperty().isNotNull());
        showAll.managedProperty().bind(showAll.visibleProperty());
        showAll.setOnAction(e -> vm.brushProperty().set(null));
        Label summary = new Label();
        summary.setId(ID_SUMMARY);
        summary.getStyleClass().add(Styles.MUTED);
        summary.textProperty().bind(vm.summaryProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox actions = new HBox(open, compare, showAll, spacer, summary);
        actions.getStyleClass().add(Styles.TOOLBAR);
        for (Region r : new Region[]{open, compare, showAll}) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }

        VBox lower = new VBox(actions, table);
        lower.getStyleClass().add(Styles.TRACE_RESULTS);
        VBox.setVgrow(table, Priority.ALWAYS);
        SplitPane split = new SplitPane(chart, lower);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        SplitPane.setResizableWithParent(chart, false);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(criteria, problem, split);
    }

    private static Label label(String text, javafx.scene.Node target) {
        Label l = new Label(text);
        l.setLabelFor(target);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static TextField small(String id, String prompt, int columns) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(columns);
        return f;
    }

    /** A picker whose empty value reads "Any …". */
    private static ComboBox<String> picker(String id, javafx.collections.ObservableList<String> items, String any) {
        ComboBox<String> box = new ComboBox<>();
        box.setId(id);
        javafx.collections.ObservableList<String> withAny = javafx.collections.FXCollections.observableArrayList();
        Runnable fill = () -> {
            java.util.List<String> l = new java.util.ArrayList<>();
            l.add("");
            l.addAll(items);
            withAny.setAll(l);
        };
        items.addListener((ListChangeListener<String>) c -> fill.run());
        fill.run();
        box.setItems(withAny);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(String s) {
                return s == null || s.isEmpty() ? any : s;
            }

            @Override
            public String fromString(String s) {
                return s == null || s.equals(any) ? "" : s;
            }
        });
        box.setMaxWidth(Double.MAX_VALUE);
        box.setPrefWidth(170);
        return box;
    }

    private TableView<TraceSummary> table() {
        TableView<TraceSummary> t = new TableView<>(vm.rows());
        t.setId(ID_TABLE);
        vm.rows().comparatorProperty().bind(t.comparatorProperty());
        t.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableCopy.install(t, m);
        Label placeholder = new Label();
        placeholder.getStyleClass().add(Styles.MUTED);
        placeholder.textProperty().bind(vm.emptyTextProperty());
        ProgressIndicator spinner = TraceControls.spinner(vm.runningProperty());
        placeholder.setGraphic(spinner);
        t.setPlaceholder(placeholder);

        TableColumn<TraceSummary, String> root = Columns.text("traces-col-root", m.get("traces.col.root"),
                r -> r.rootService() + ": " + r.rootName(), (r, v) -> r == null ? v : v + "\n" + r.traceId());
        root.setPrefWidth(240);
        root.setMinWidth(140);
        TableColumn<TraceSummary, String> start = Columns.text("traces-col-start", m.get("traces.col.start"),
                r -> TraceSearchViewModel.formatTime(r.startNs()), null);
        start.setPrefWidth(190);
        start.setMinWidth(186);
        TableColumn<TraceSummary, Double> duration = Columns.durationMs("traces-col-duration",
                m.get("traces.col.duration"), TraceSummary::durationMs, 2);
        duration.setPrefWidth(90);
        TableColumn<TraceSummary, Long> spans = Columns.integer("traces-col-spans", m.get("traces.col.spans"),
                TraceSummary::spans);
        spans.setPrefWidth(70);
        TableColumn<TraceSummary, Long> errs = Columns.integer("traces-col-errors", m.get("traces.col.errors"),
                TraceSummary::errors);
        errs.setPrefWidth(70);
        TableColumn<TraceSummary, Long> services = Columns.integer("traces-col-services", m.get("traces.col.services"),
                r -> (long) r.services());
        services.setPrefWidth(70);
        TableColumn<TraceSummary, String> id = Columns.text("traces-col-trace", m.get("traces.col.trace"),
                TraceSummary::traceId, null);
        id.setPrefWidth(150);
        id.setMinWidth(90);
        t.getColumns().addAll(java.util.List.of(root, start, duration, spans, errs, services, id));

        t.setRowFactory(tv -> {
            TableRow<TraceSummary> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    traces.openTrace(row.getItem().traceId());
                }
            });
            return row;
        });
        t.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                openSelected();
                e.consume();
            }
        });
        return t;
    }

    private void openSelected() {
        TraceSummary t = table.getSelectionModel().getSelectedItem();
        if (t != null) {
            traces.openTrace(t.traceId());
        }
    }

    void focusFilter() {
        filter.focusInput();
        filter.input().selectAll();
    }

    TraceScatterChart chart() {
        return chart;
    }
}
