package io.prodlab.ui.services;

import io.prodlab.model.ServiceStats;
import io.prodlab.ui.common.Formats;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

import java.util.function.Function;

/** The Services screen: a sortable, filterable table bound to {@link ServicesViewModel}. */
public final class ServicesView extends VBox {
    public static final String ID = "services-view";
    public static final String ID_FILTER = "services-filter";
    public static final String ID_REFRESH = "services-refresh";
    public static final String ID_TABLE = "services-table";
    public static final String ID_SUMMARY = "services-summary";
    public static final String ID_COL_NAME = "services-col-name";
    public static final String ID_COL_SPANS = "services-col-spans";
    public static final String ID_COL_RATE = "services-col-rate";
    public static final String ID_COL_ERRORS = "services-col-errors";
    public static final String ID_COL_ERROR_RATE = "services-col-error-rate";
    public static final String ID_COL_P50 = "services-col-p50";
    public static final String ID_COL_P95 = "services-col-p95";
    public static final String ID_COL_P99 = "services-col-p99";

    private final ServicesViewModel vm;
    private final Messages m;
    private final TextField filter;

    public ServicesView(ServicesViewModel vm, Messages messages) {
        this.vm = vm;
        this.m = messages;
        setId(ID);
        getStyleClass().add(Styles.PAGE);

        Label title = new Label(m.get("services.title"));
        title.getStyleClass().add(Styles.PAGE_TITLE);
        Label subtitle = new Label(m.get("services.subtitle"));
        subtitle.getStyleClass().add(Styles.PAGE_SUBTITLE);
        subtitle.setWrapText(true);
        VBox header = new VBox(title, subtitle);
        header.getStyleClass().add(Styles.PAGE_HEADER);

        filter = new TextField();
        filter.setId(ID_FILTER);
        filter.getStyleClass().add(Styles.FILTER_FIELD);
        filter.setPromptText(m.get("services.filter.prompt"));
        filter.textProperty().bindBidirectional(vm.filterProperty());
        filter.setPrefColumnCount(24);
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
        Label summary = new Label();
        summary.setId(ID_SUMMARY);
        summary.getStyleClass().add(Styles.MUTED);
        summary.textProperty().bind(vm.summaryProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(filterLabel, filter, refresh, spacer, summary);
        toolbar.getStyleClass().add(Styles.TOOLBAR);

        TableView<ServiceStats> table = table();
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(header, toolbar, table);
    }

    public ServicesViewModel viewModel() {
        return vm;
    }

    /** Puts the cursor in the filter field (Ctrl+F). */
    public void focusFilter() {
        filter.requestFocus();
        filter.selectAll();
    }

    private TableView<ServiceStats> table() {
        TableView<ServiceStats> table = new TableView<>(vm.rows());
        table.setId(ID_TABLE);
        vm.rows().comparatorProperty().bind(table.comparatorProperty());
        Label placeholder = new Label();
        placeholder.getStyleClass().add(Styles.MUTED);
        placeholder.textProperty().bind(vm.emptyTextProperty());
        table.setPlaceholder(placeholder);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        TableColumn<ServiceStats, String> name = new TableColumn<>(m.get("services.col.name"));
        name.setId(ID_COL_NAME);
        name.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().name()));
        name.setPrefWidth(220);
        table.getColumns().add(name);
        table.getColumns().add(longColumn(ID_COL_SPANS, "services.col.spans", ServiceStats::spans));
        table.getColumns().add(doubleColumn(ID_COL_RATE, "services.col.rate", ServiceStats::ratePerS, 2));
        table.getColumns().add(longColumn(ID_COL_ERRORS, "services.col.errors", ServiceStats::errors));
        TableColumn<ServiceStats, Double> errorRate = doubleColumn(ID_COL_ERROR_RATE, "services.col.error-rate",
                s -> s.errorRate() * 100, 2);
        errorRate.setPrefWidth(125);
        errorRate.setMinWidth(115);
        table.getColumns().add(errorRate);
        table.getColumns().add(doubleColumn(ID_COL_P50, "services.col.p50", ServiceStats::p50Ms, 1));
        table.getColumns().add(doubleColumn(ID_COL_P95, "services.col.p95", ServiceStats::p95Ms, 1));
        table.getColumns().add(doubleColumn(ID_COL_P99, "services.col.p99", ServiceStats::p99Ms, 1));
        return table;
    }

    private TableColumn<ServiceStats, Long> longColumn(String id, String key, Function<ServiceStats, Long> value) {
        TableColumn<ServiceStats, Long> c = new TableColumn<>(m.get(key));
        c.setId(id);
        c.getStyleClass().add(Styles.NUMERIC);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Long item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : Formats.integer(item));
            }
        });
        c.setPrefWidth(90);
        c.setMinWidth(70);
        return c;
    }

    private TableColumn<ServiceStats, Double> doubleColumn(String id, String key,
                                                           Function<ServiceStats, Double> value, int digits) {
        TableColumn<ServiceStats, Double> c = new TableColumn<>(m.get(key));
        c.setId(id);
        c.getStyleClass().add(Styles.NUMERIC);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : Formats.small(item, digits));
            }
        });
        c.setPrefWidth(105);
        c.setMinWidth(85);
        return c;
    }
}
