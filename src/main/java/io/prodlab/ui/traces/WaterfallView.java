package io.prodlab.ui.traces;

import io.prodlab.ui.common.Columns;
import io.prodlab.ui.common.Formats;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.common.TableCopy;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignO;

import java.util.ArrayList;
import java.util.List;

/**
 * The Trace tab: a trace id to open, the trace's title and flags, the service legend, the
 * waterfall (a virtualised list: rows exist only for what is on screen) under a time ruler, and the
 * selected span's details. Keys in the waterfall: Left collapses (or goes to the parent), Right
 * expands, Space or Enter toggles.
 */
final class WaterfallView extends VBox {
    static final String ID_TRACE_ID = "trace-id";
    static final String ID_OPEN = "trace-open";
    static final String ID_EXPAND_ALL = "trace-expand-all";
    static final String ID_COLLAPSE_ALL = "trace-collapse-all";
    static final String ID_TITLE = "trace-title";
    static final String ID_NOTES = Styles.TRACE_NOTES;
    static final String ID_LEGEND = Styles.TRACE_LEGEND;
    static final String ID_WATERFALL = "trace-waterfall";
    static final String ID_DETAILS = Styles.TRACE_DETAILS;
    static final String ID_RULER = "trace-ruler";

    private final TraceViewModel vm;
    private final Messages m;
    private final ListView<WaterfallRow> list;
    private final DoubleProperty nameWidth = new SimpleDoubleProperty(300);

    WaterfallView(TraceViewModel vm, Messages messages) {
        this.vm = vm;
        this.m = messages;
        getStyleClass().add(Styles.TRACE_VIEW);

        TextField id = new TextField();
        id.setId(ID_TRACE_ID);
        id.setPromptText(m.get("traces.trace.id.prompt"));
        id.setPrefColumnCount(24);
        vm.modelProperty().addListener((obs, o, w) -> {
            if (w != null) {
                id.setText(w.traceId());
            }
        });
        Button open = new Button(m.get("traces.trace.open"), new FontIcon(MaterialDesignO.OPEN_IN_APP));
        open.setId(ID_OPEN);
        open.setOnAction(e -> vm.open(id.getText()));
        open.setMinWidth(Region.USE_PREF_SIZE);
        id.setOnAction(e -> vm.open(id.getText()));
        Button expand = new Button(m.get("traces.trace.expand-all"), new FontIcon(MaterialDesignA.ARROW_EXPAND_VERTICAL));
        expand.setId(ID_EXPAND_ALL);
        expand.setOnAction(e -> vm.expandAll());
        expand.disableProperty().bind(vm.modelProperty().isNull());
        expand.setMinWidth(Region.USE_PREF_SIZE);
        Button collapse = new Button(m.get("traces.trace.collapse-all"),
                new FontIcon(MaterialDesignA.ARROW_COLLAPSE_VERTICAL));
        collapse.setId(ID_COLLAPSE_ALL);
        collapse.setOnAction(e -> vm.collapseAll());
        collapse.disableProperty().bind(vm.modelProperty().isNull());
        collapse.setMinWidth(Region.USE_PREF_SIZE);
        ProgressIndicator spinner = TraceControls.spinner(vm.loadingProperty());
        HBox toolbar = new HBox(id, open, expand, collapse, spinner);
        toolbar.getStyleClass().add(Styles.TOOLBAR);

        Label title = new Label();
        title.setId(ID_TITLE);
        title.getStyleClass().add(Styles.SECTION_TITLE);
        title.textProperty().bind(vm.titleProperty());
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);
        Label notes = new Label();
        notes.setId(ID_NOTES);
        notes.getStyleClass().add(Styles.TRACE_NOTES);
        notes.setWrapText(true);
        notes.textProperty().bind(vm.notesProperty());
        notes.visibleProperty().bind(vm.notesProperty().isNotEmpty());
        notes.managedProperty().bind(notes.visibleProperty());

        FlowPane legend = new FlowPane();
        legend.setId(ID_LEGEND);
        legend.getStyleClass().add(Styles.TRACE_LEGEND);
        vm.legend().addListener((ListChangeListener<TraceViewModel.LegendEntry>) c -> fillLegend(legend));
        Label criticalKey = new Label(m.get("traces.trace.critical"));
        Region criticalSwatch = new Region();
        criticalSwatch.getStyleClass().add(WaterfallCell.STYLE_CRITICAL);
        criticalSwatch.setMinSize(18, 4);
        criticalSwatch.setMaxSize(18, 4);
        criticalKey.setGraphic(criticalSwatch);
        criticalKey.getStyleClass().add(Styles.LEGEND_CRITICAL);
        legend.setUserData(criticalKey);

        list = new ListView<>(vm.visibleRows());
        list.setId(ID_WATERFALL);
        list.getStyleClass().add(Styles.WATERFALL);
        list.setFixedCellSize(24);
        list.setCellFactory(lv -> new WaterfallCell(vm, m, nameWidth));
        nameWidth.bind(Bindings.createDoubleBinding(() -> Math.max(220, Math.min(460, list.getWidth() * 0.36)),
                list.widthProperty()));
        Label empty = new Label();
        empty.getStyleClass().add(Styles.MUTED);
        empty.textProperty().bind(vm.emptyTextProperty());
        empty.setWrapText(true);
        list.setPlaceholder(empty);
        // The list's selection and the view model's follow each other.
        list.getSelectionModel().selectedItemProperty().addListener((obs, o, row) -> {
            if (row != null && row != vm.selectedProperty().get()) {
                vm.selectedProperty().set(row);
            }
        });
        vm.selectedProperty().addListener((obs, o, row) -> select(row, true));
        // Collapsing replaces the shown rows, which clears the list's selection: put it back, in place.
        vm.visibleRows().addListener((ListChangeListener<WaterfallRow>) c -> select(vm.selectedProperty().get(), false));
        list.setOnKeyPressed(e -> {
            WaterfallRow row = list.getSelectionModel().getSelectedItem();
            if (row == null) {
                return;
            }
            if (e.getCode() == KeyCode.LEFT) {
                if (row.hasChildren() && !vm.isCollapsed(row)) {
                    vm.setCollapsed(row, true);
                } else {
                    selectParent(row);
                }
                e.consume();
            } else if (e.getCode() == KeyCode.RIGHT) {
                vm.setCollapsed(row, false);
                e.consume();
            } else if (e.getCode() == KeyCode.SPACE || e.getCode() == KeyCode.ENTER) {
                vm.toggle(row);
                e.consume();
            }
        });
        HBox ruler = ruler();
        VBox waterfall = new VBox(ruler, list);
        VBox.setVgrow(list, Priority.ALWAYS);

        TableView<DetailRow> details = details();
        VBox detailsBox = new VBox(label(m.get("traces.details.title")), details);
        VBox.setVgrow(details, Priority.ALWAYS);
        detailsBox.getStyleClass().add(Styles.TRACE_DETAILS);

        SplitPane split = new SplitPane(waterfall, detailsBox);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(toolbar, title, notes, legend, split);
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.SECTION_TITLE);
        return l;
    }

    private void fillLegend(FlowPane legend) {
        List<javafx.scene.Node> chips = new ArrayList<>();
        for (TraceViewModel.LegendEntry e : vm.legend()) {
            Region swatch = new Region();
            swatch.getStyleClass().addAll(WaterfallCell.STYLE_SWATCH, ServiceColors.styleClass(e.color()));
            swatch.setMinSize(10, 10);
            swatch.setMaxSize(10, 10);
            Label l = new Label(e.service(), swatch);
            l.getStyleClass().add(Styles.LEGEND_ENTRY);
            chips.add(l);
        }
        if (!chips.isEmpty()) {
            chips.add((javafx.scene.Node) legend.getUserData());
        }
        legend.getChildren().setAll(chips);
    }

    /** Tick labels at each fifth of the trace's duration, over the bars. */
    private HBox ruler() {
        Label spanHeader = new Label(m.get("traces.trace.col.span"));
        spanHeader.minWidthProperty().bind(nameWidth);
        spanHeader.prefWidthProperty().bind(nameWidth);
        Pane ticks = new Pane() {
            @Override
            protected void layoutChildren() {
                double w = getWidth() - 70;
                for (int i = 0; i < getChildren().size(); i++) {
                    javafx.scene.Node n = getChildren().get(i);
                    double pw = n.prefWidth(-1);
                    double x = w * i / 4.0 - (i == 0 ? 0 : pw / 2);
                    n.resizeRelocate(Math.max(0, x), 0, pw, getHeight());
                }
            }
        };
        ticks.setMinWidth(0);
        HBox.setHgrow(ticks, Priority.ALWAYS);
        Runnable fill = () -> {
            ticks.getChildren().clear();
            WaterfallModel w = vm.modelProperty().get();
            if (w == null) {
                return;
            }
            for (int i = 0; i <= 4; i++) {
                Label t = new Label(Formats.duration(w.durationNs() / 1e6 * i / 4));
                t.getStyleClass().add(Styles.MUTED);
                ticks.getChildren().add(t);
            }
        };
        vm.modelProperty().addListener((obs, o, w) -> fill.run());
        HBox ruler = new HBox(spanHeader, ticks);
        ruler.setId(ID_RULER);
        ruler.setAlignment(Pos.CENTER_LEFT);
        ruler.getStyleClass().add(Styles.WATERFALL_RULER);
        return ruler;
    }

    private TableView<DetailRow> details() {
        TableView<DetailRow> t = new TableView<>(vm.details());
        t.setId(ID_DETAILS);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_LAST_COLUMN);
        TableCopy.install(t, m);
        Label none = new Label(m.get("traces.details.none"));
        none.getStyleClass().add(Styles.MUTED);
        t.setPlaceholder(none);
        TableColumn<DetailRow, String> section = Columns.text("trace-details-col-section",
                m.get("traces.details.col.section"), DetailRow::section, null);
        section.setPrefWidth(110);
        section.setSortable(false);
        TableColumn<DetailRow, String> key = Columns.text("trace-details-col-key", m.get("traces.details.col.key"),
                DetailRow::key, null);
        key.setPrefWidth(240);
        key.setSortable(false);
        TableColumn<DetailRow, String> value = Columns.text("trace-details-col-value",
                m.get("traces.details.col.value"), DetailRow::value, null);
        value.setPrefWidth(420);
        value.setSortable(false);
        t.getColumns().addAll(List.of(section, key, value));
        t.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                String linked = vm.linkedTrace(t.getSelectionModel().getSelectedItem());
                if (linked != null) {
                    vm.open(linked);
                }
            }
        });
        return t;
    }

    private void select(WaterfallRow row, boolean scroll) {
        if (row == null) {
            list.getSelectionModel().clearSelection();
            return;
        }
        if (list.getSelectionModel().getSelectedItem() != row) {
            int i = indexOf(row);
            if (i >= 0) {
                list.getSelectionModel().select(i);
                if (scroll) {
                    list.scrollTo(Math.max(0, i - 3));
                }
            }
        }
    }

    /** Where a row is among the shown ones: they are in index order, so a binary search finds it. */
    private int indexOf(WaterfallRow row) {
        List<WaterfallRow> rows = vm.visibleRows();
        int lo = 0;
        int hi = rows.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compare(rows.get(mid).index(), row.index());
            if (c == 0) {
                return mid;
            } else if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    private void selectParent(WaterfallRow row) {
        List<WaterfallRow> rows = vm.visibleRows();
        for (int i = indexOf(row) - 1; i >= 0; i--) {
            if (rows.get(i).depth() < row.depth()) {
                vm.selectedProperty().set(rows.get(i));
                return;
            }
        }
    }

    ListView<WaterfallRow> list() {
        return list;
    }
}
