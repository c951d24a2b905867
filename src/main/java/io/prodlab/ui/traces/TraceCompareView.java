package io.prodlab.ui.traces;

import io.prodlab.graph.TraceComparison;
import io.prodlab.ui.common.Columns;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.common.TableCopy;
import io.prodlab.ui.common.ValueCellFactory;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

import java.util.List;
import java.util.Locale;

/**
 * The Compare tab: two trace ids, then the merged tree of their paths — indented, each row
 * coloured by whether both traces or only one have it — with the spans and durations of each
 * side and B's difference from A.
 */
final class TraceCompareView extends VBox {
    static final String ID_A = "trace-compare-trace-a";
    static final String ID_B = "trace-compare-trace-b";
    static final String ID_RUN = "trace-compare-run";
    static final String ID_SWAP = "trace-compare-swap";
    static final String ID_TABLE = "trace-compare-table";
    static final String ID_SUMMARY = "trace-compare-summary";
    static final String ID_PROBLEM = "trace-compare-problem";
    static final String STYLE_ONLY_A = Styles.COMPARE_ONLY_A;
    static final String STYLE_ONLY_B = Styles.COMPARE_ONLY_B;

    TraceCompareView(TraceCompareViewModel vm, Messages m) {
        getStyleClass().add(Styles.TRACE_COMPARE);
        TextField a = id(ID_A, m.get("traces.compare.a"));
        a.textProperty().bindBidirectional(vm.traceAProperty());
        TextField b = id(ID_B, m.get("traces.compare.b"));
        b.textProperty().bindBidirectional(vm.traceBProperty());
        Button run = new Button(m.get("traces.compare.run"), new FontIcon(MaterialDesignC.COMPARE_HORIZONTAL));
        run.setId(ID_RUN);
        run.setOnAction(e -> vm.compare());
        run.disableProperty().bind(vm.loadingProperty());
        run.setMinWidth(Region.USE_PREF_SIZE);
        a.setOnAction(e -> vm.compare());
        b.setOnAction(e -> vm.compare());
        Button swap = new Button(m.get("traces.compare.swap"), new FontIcon(MaterialDesignS.SWAP_HORIZONTAL));
        swap.setId(ID_SWAP);
        swap.setOnAction(e -> vm.swap());
        swap.setMinWidth(Region.USE_PREF_SIZE);
        ProgressIndicator spinner = TraceControls.spinner(vm.loadingProperty());
        Label la = new Label(m.get("traces.compare.a"));
        la.setLabelFor(a);
        la.setMinWidth(Region.USE_PREF_SIZE);
        Label lb = new Label(m.get("traces.compare.b"));
        lb.setLabelFor(b);
        lb.setMinWidth(Region.USE_PREF_SIZE);
        HBox toolbar = new HBox(la, a, lb, b, run, swap, spinner);
        toolbar.getStyleClass().add(Styles.TOOLBAR);
        HBox.setHgrow(a, Priority.SOMETIMES);
        HBox.setHgrow(b, Priority.SOMETIMES);

        Label problem = TraceControls.problem(ID_PROBLEM, vm.problemProperty());
        Label summary = new Label();
        summary.setId(ID_SUMMARY);
        summary.getStyleClass().add(Styles.MUTED);
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        summary.textProperty().bind(vm.summaryProperty());

        TableView<TraceComparison.Node> table = new TableView<>(vm.rows());
        table.setId(ID_TABLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableCopy.install(table, m);
        Label empty = new Label(m.get("traces.compare.empty"));
        empty.getStyleClass().add(Styles.MUTED);
        empty.setWrapText(true);
        table.setPlaceholder(empty);
        TableColumn<TraceComparison.Node, String> path = Columns.text("trace-compare-col-path",
                m.get("traces.compare.col.path"), n -> "\u2003".repeat(n.depth()) + n.service() + ": " + n.operation(),
                (n, v) -> v == null ? null : v.strip());
        path.setPrefWidth(320);
        path.setMinWidth(160);
        TableColumn<TraceComparison.Node, String> change = new TableColumn<>();
        change.setId("trace-compare-col-change");
        Columns.setHeader(change, m.get("traces.compare.col.change"), false);
        change.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().change().name()
                .toLowerCase(Locale.ROOT)));
        change.setCellFactory(new ValueCellFactory<TraceComparison.Node, String>()
                .withText(code -> m.get("traces.compare.change." + code)));
        change.setPrefWidth(70);
        TableColumn<TraceComparison.Node, Long> countA = Columns.integer("trace-compare-col-count-a",
                m.get("traces.compare.col.count-a"), n -> (long) n.countA());
        TableColumn<TraceComparison.Node, Long> countB = Columns.integer("trace-compare-col-count-b",
                m.get("traces.compare.col.count-b"), n -> (long) n.countB());
        TableColumn<TraceComparison.Node, Double> durA = Columns.durationMs("trace-compare-col-dur-a",
                m.get("traces.compare.col.dur-a"), n -> n.countA() == 0 ? null : n.durationNsA() / 1e6, 2);
        TableColumn<TraceComparison.Node, Double> durB = Columns.durationMs("trace-compare-col-dur-b",
                m.get("traces.compare.col.dur-b"), n -> n.countB() == 0 ? null : n.durationNsB() / 1e6, 2);
        TableColumn<TraceComparison.Node, Double> diff = Columns.durationMs("trace-compare-col-diff",
                m.get("traces.compare.col.diff"), n -> n.change() == TraceComparison.Change.BOTH
                        ? n.durationDiffNs() / 1e6 : null, 2);
        TableColumn<TraceComparison.Node, Double> ratio = Columns.percentage("trace-compare-col-ratio",
                m.get("traces.compare.col.ratio"), n -> n.change() == TraceComparison.Change.BOTH
                        && !Double.isNaN(n.durationRatio()) ? n.durationRatio() : null, 1);
        TableColumn<TraceComparison.Node, Double> self = Columns.durationMs("trace-compare-col-self-diff",
                m.get("traces.compare.col.self-diff"), n -> n.change() == TraceComparison.Change.BOTH
                        ? (n.selfNsB() - n.selfNsA()) / 1e6 : null, 2);
        for (TableColumn<TraceComparison.Node, ?> c : List.of(countA, countB, durA, durB, diff, ratio, self)) {
            c.setPrefWidth(80);
        }
        table.getColumns().addAll(List.of(path, change, countA, countB, durA, durB, diff, ratio, self));
        // Sorting would tear the tree apart: the rows keep the tree's order.
        table.getColumns().forEach(c -> c.setSortable(false));
        table.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(TraceComparison.Node n, boolean empty) {
                super.updateItem(n, empty);
                Styles.toggle(this, STYLE_ONLY_A, !empty && n != null && n.change() == TraceComparison.Change.ONLY_A);
                Styles.toggle(this, STYLE_ONLY_B, !empty && n != null && n.change() == TraceComparison.Change.ONLY_B);
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(toolbar, problem, summary, table);
    }

    private static TextField id(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(22);
        return f;
    }
}
