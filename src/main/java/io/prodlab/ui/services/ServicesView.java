package io.prodlab.ui.services;

import io.prodlab.model.ServiceStats;
import io.prodlab.ui.common.Columns;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.common.TableCopy;
import javafx.scene.control.Button;
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
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/** The Services screen: a sortable, filterable table bound to {@link ServicesViewModel}. */
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
        subtitle.setMinHeight(Region.USE_PREF_SIZE);
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
        refresh.setMinWidth(Region.USE_PREF_SIZE);
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
        // Every column gives and takes width in proportion, so growing the window widens them
        // all again; minimum widths keep the name and the figures readable.
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableCopy.install(table, m);

        TableColumn<ServiceStats, String> name = Columns.text(ID_COL_NAME, m.get("services.col.name"),
                ServiceStats::name, null);
        name.setPrefWidth(200);
        name.setMinWidth(120);
        table.getColumns().add(name);
        table.getColumns().add(sized(Columns.integer(ID_COL_SPANS, m.get("services.col.spans"),
                ServiceStats::spans), 80, 56));
        table.getColumns().add(sized(Columns.integer(ID_COL_REQUESTS, m.get("services.col.requests"),
                ServiceStats::requests), 85, 56));
        table.getColumns().add(sized(Columns.decimal(ID_COL_RATE, m.get("services.col.rate"),
                ServiceStats::ratePerS, 2), 90, 56));
        table.getColumns().add(sized(Columns.integer(ID_COL_ERRORS, m.get("services.col.errors"),
                ServiceStats::errors), 70, 56));
        table.getColumns().add(sized(Columns.percentage(ID_COL_ERROR_RATE, m.get("services.col.error-rate"),
                ServiceStats::errorRate, 2), 90, 56));
        table.getColumns().add(sized(Columns.durationMs(ID_COL_P50, m.get("services.col.p50"),
                ServiceStats::p50Ms, 1), 75, 56));
        table.getColumns().add(sized(Columns.durationMs(ID_COL_P95, m.get("services.col.p95"),
                ServiceStats::p95Ms, 1), 75, 56));
        table.getColumns().add(sized(Columns.durationMs(ID_COL_P99, m.get("services.col.p99"),
                ServiceStats::p99Ms, 1), 75, 56));
        return table;
    }

    private static <T> TableColumn<ServiceStats, T> sized(TableColumn<ServiceStats, T> c, double pref, double min) {
        c.setPrefWidth(pref);
        c.setMinWidth(min);
        return c;
    }
}
