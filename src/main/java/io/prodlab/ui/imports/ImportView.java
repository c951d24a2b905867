package io.prodlab.ui.imports;

import io.prodlab.store.RejectedRow;
import io.prodlab.ui.common.Columns;
import io.prodlab.ui.common.DialogFolders;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.common.TableCopy;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** The Import screen: lays out and binds {@link ImportViewModel}; file dialogs live here. */
public final class ImportView extends VBox {
    public static final String ID = "import-view";
    public static final String ID_ADD_FILES = "import-add-files";
    public static final String ID_ADD_FOLDER = "import-add-folder";
    public static final String ID_REMOVE = "import-remove";
    public static final String ID_CLEAR = "import-clear";
    public static final String ID_START = "import-start";
    public static final String ID_CANCEL = "import-cancel";
    public static final String ID_PENDING = "import-pending";
    public static final String ID_PROGRESS = "import-progress";
    public static final String ID_PROGRESS_TEXT = "import-progress-text";
    public static final String ID_RESULT = "import-result";
    public static final String ID_SUMMARY = "import-summary";
    public static final String ID_COL_FILE = "import-col-file";
    public static final String ID_COL_STATUS = "import-col-status";
    public static final String ID_COL_MESSAGE = "import-col-message";
    public static final String ID_REJECTED = "import-rejected";
    public static final String ID_REJECTED_TEXT = "import-rejected-text";
    public static final String ID_COL_TIME_RANGE = "import-col-time-range";
    public static final String ID_COL_SERVICES = "import-col-services";
    public static final String ID_COL_RECORDS = "import-col-records";
    public static final String ID_COL_DUPLICATES = "import-col-duplicates";
    public static final String ID_CONFIRMATIONS = "import-confirmations";
    public static final String ID_CONFIRM = "import-confirm";
    public static final String ID_SKIP = "import-confirm-skip";
    /** Within one confirmation card (style class {@link Styles#IMPORT_CONFIRM}). */
    public static final String ID_CARD_MAPPING = "import-confirm-mapping";
    public static final String ID_CARD_MAPPING_TEXT = "import-confirm-mapping-text";
    public static final String ID_CARD_START = "import-confirm-start";
    public static final String ID_CARD_END = "import-confirm-end";
    public static final String ID_CARD_PROBLEM = "import-confirm-problem";

    private final ImportViewModel vm;
    private final Messages m;
    private final DialogFolders folders;

    public ImportView(ImportViewModel vm, Messages messages, DialogFolders folders) {
        this.vm = vm;
        this.m = messages;
        this.folders = folders;
        setId(ID);
        getStyleClass().add(Styles.PAGE);

        Label title = new Label(m.get("import.title"));
        title.getStyleClass().add(Styles.PAGE_TITLE);
        Label subtitle = new Label(m.get("import.subtitle"));
        subtitle.getStyleClass().add(Styles.PAGE_SUBTITLE);
        subtitle.setWrapText(true);
        subtitle.setMinHeight(Region.USE_PREF_SIZE);
        VBox header = new VBox(title, subtitle);
        header.getStyleClass().add(Styles.PAGE_HEADER);

        ListView<Path> pending = pendingList();
        HBox toolbar = toolbar(pending);
        HBox progressPane = progressPane();

        VBox rejectedBox = rejectedSection();
        SplitPane split = new SplitPane(summarySection(), rejectedBox);
        split.setOrientation(Orientation.VERTICAL);
        // The Files table is what a user reads after an import: it gets the height a bigger window
        // adds; the rejected records keep theirs (the divider still moves by hand).
        SplitPane.setResizableWithParent(rejectedBox, false);
        split.setDividerPositions(0.66);
        VBox.setVgrow(split, Priority.ALWAYS);

        Label pendingTitle = new Label(m.get("import.pending"));
        pendingTitle.getStyleClass().add(Styles.SECTION_TITLE);
        pendingTitle.setLabelFor(pending);
        VBox pendingBox = new VBox(pendingTitle, pending);
        pendingBox.getStyleClass().add(Styles.PAGE_HEADER);

        VBox confirmations = confirmations();
        // While files wait for confirmation, their cards take the rejected records' place (back after).
        vm.confirmations().addListener((javafx.collections.ListChangeListener<ImportConfirmation>) c -> {
            if (vm.confirmations().isEmpty() && !split.getItems().contains(rejectedBox)) {
                split.getItems().add(rejectedBox);
                split.setDividerPositions(0.66);
            } else if (!vm.confirmations().isEmpty()) {
                split.getItems().remove(rejectedBox);
            }
        });
        getChildren().addAll(header, toolbar, pendingBox, progressPane, confirmations, split);
    }

    public ImportViewModel viewModel() {
        return vm;
    }

    private HBox toolbar(ListView<Path> pending) {
        Button addFiles = button(ID_ADD_FILES, "import.add-files", new FontIcon(MaterialDesignF.FILE_PLUS));
        addFiles.setOnAction(e -> chooseFiles());
        Button addFolder = button(ID_ADD_FOLDER, "import.add-folder", new FontIcon(MaterialDesignF.FOLDER_PLUS));
        addFolder.setOnAction(e -> chooseFolder());
        Button remove = button(ID_REMOVE, "import.remove", new FontIcon(MaterialDesignF.FILE_REMOVE));
        remove.setOnAction(e -> vm.removeFiles(pending.getSelectionModel().getSelectedItems()));
        Button clear = button(ID_CLEAR, "import.clear", new FontIcon(MaterialDesignP.PLAYLIST_REMOVE));
        clear.setOnAction(e -> vm.clearFiles());
        Button start = button(ID_START, "import.start", new FontIcon(MaterialDesignD.DATABASE_IMPORT));
        start.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        start.setOnAction(e -> vm.start());
        Button cancel = button(ID_CANCEL, "import.cancel", new FontIcon(MaterialDesignC.CLOSE_CIRCLE_OUTLINE));
        cancel.setOnAction(e -> vm.cancel());

        addFiles.disableProperty().bind(vm.canEditFilesProperty().not());
        addFolder.disableProperty().bind(vm.canEditFilesProperty().not());
        remove.disableProperty().bind(vm.canEditFilesProperty().not()
                .or(Bindings.isEmpty(pending.getSelectionModel().getSelectedItems())));
        clear.disableProperty().bind(vm.canEditFilesProperty().not().or(Bindings.isEmpty(vm.pendingFiles())));
        start.disableProperty().bind(vm.canStartProperty().not());
        cancel.disableProperty().bind(vm.runningProperty().not().or(vm.cancellingProperty()));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(addFiles, addFolder, remove, clear, spacer, start, cancel);
        bar.getStyleClass().add(Styles.TOOLBAR);
        return bar;
    }

    private Button button(String id, String key, FontIcon icon) {
        Button b = new Button(m.get(key), icon);
        b.setId(id);
        b.setMnemonicParsing(true);
        // A button that gets narrower than its text reads "Im…": let the toolbar shrink the spacer instead.
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    private ListView<Path> pendingList() {
        ListView<Path> list = new ListView<>(vm.pendingFiles());
        list.setId(ID_PENDING);
        list.getStyleClass().add(Styles.DROP_TARGET);
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        // Small while empty (a drop hint), room for three files once there are some.
        list.prefHeightProperty().bind(Bindings.when(Bindings.isEmpty(vm.pendingFiles())).then(44).otherwise(84));
        list.setMinHeight(Region.USE_PREF_SIZE);
        Label placeholder = new Label(m.get("import.pending.empty"));
        placeholder.getStyleClass().add(Styles.MUTED);
        list.setPlaceholder(placeholder);
        list.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(Path item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.toString());
                setGraphic(empty || item == null ? null : new FontIcon(MaterialDesignF.FILE_DOCUMENT_OUTLINE));
            }
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
                vm.removeFiles(list.getSelectionModel().getSelectedItems());
                e.consume();
            }
        });
        return list;
    }

    private HBox progressPane() {
        ProgressBar bar = new ProgressBar();
        bar.setId(ID_PROGRESS);
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.runningProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        Label progressText = new Label();
        progressText.setId(ID_PROGRESS_TEXT);
        progressText.textProperty().bind(vm.progressTextProperty());
        progressText.visibleProperty().bind(vm.runningProperty());
        progressText.managedProperty().bind(progressText.visibleProperty());
        Label result = new Label();
        result.setId(ID_RESULT);
        result.setWrapText(true);
        result.textProperty().bind(vm.resultTextProperty());
        result.visibleProperty().bind(vm.runningProperty().not().and(vm.resultTextProperty().isNotEmpty()));
        result.managedProperty().bind(result.visibleProperty());
        vm.resultIsErrorProperty().addListener((obs, old, isError) ->
                Styles.toggle(result, Styles.STATUS_ERROR, isError));
        HBox pane = new HBox(bar, progressText, result);
        pane.getStyleClass().add(Styles.PROGRESS_PANE);
        pane.visibleProperty().bind(vm.runningProperty().or(vm.resultTextProperty().isNotEmpty()));
        pane.managedProperty().bind(pane.visibleProperty());
        pane.setMinHeight(Region.USE_PREF_SIZE);
        return pane;
    }

    private VBox summarySection() {
        Label title = new Label(m.get("import.summary"));
        title.getStyleClass().add(Styles.SECTION_TITLE);
        TableView<ImportSummaryRow> table = new TableView<>(vm.summary());
        table.setId(ID_SUMMARY);
        table.setMinHeight(110);
        table.setPlaceholder(mutedLabel(m.get("import.summary.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableCopy.install(table, m);

        TableColumn<ImportSummaryRow, String> file = Columns.text(ID_COL_FILE, m.get("import.col.file"),
                ImportSummaryRow::fileName, (row, name) -> row == null ? null : row.path());
        file.setPrefWidth(170);
        file.setMinWidth(100);
        TableColumn<ImportSummaryRow, String> format = Columns.text(null, m.get("import.col.format"),
                ImportSummaryRow::format, null);
        format.setPrefWidth(90);
        format.setMinWidth(60);
        TableColumn<ImportSummaryRow, String> status = Columns.status(ID_COL_STATUS, m.get("import.col.status"),
                ImportSummaryRow::shownStatus, code -> {
                    String key = "import.status." + code;
                    return m.has(key) ? m.get(key) : code;
                }, Styles.STATUS_CELL_PREFIX, (row, code) -> row == null ? null : row.message());
        status.setPrefWidth(90);
        status.setMinWidth(70);
        TableColumn<ImportSummaryRow, String> message = Columns.text(ID_COL_MESSAGE, m.get("import.col.message"),
                this::messageOf, (row, text) -> row == null ? null : row.message());
        message.setPrefWidth(200);
        message.setMinWidth(80);
        table.getColumns().add(file);
        table.getColumns().add(format);
        table.getColumns().add(status);
        TableColumn<ImportSummaryRow, String> range = Columns.text(ID_COL_TIME_RANGE, m.get("import.col.time-range"),
                ImportSummaryRow::timeRangeText, null);
        range.setPrefWidth(260);
        range.setMinWidth(120);
        TableColumn<ImportSummaryRow, String> services = Columns.text(ID_COL_SERVICES, m.get("import.col.services"),
                ImportSummaryRow::servicesText, (row, text) -> text);
        services.setPrefWidth(140);
        services.setMinWidth(70);
        TableColumn<ImportSummaryRow, String> records = Columns.text(ID_COL_RECORDS, m.get("import.col.records"),
                this::otherRecords, (row, text) -> text);
        records.setPrefWidth(170);
        records.setMinWidth(80);
        table.getColumns().add(range);
        table.getColumns().add(services);
        table.getColumns().add(records);
        table.getColumns().add(count(ID_COL_DUPLICATES, "import.col.duplicates", ImportSummaryRow::duplicates));
        table.getColumns().add(count(null, "import.col.rejected", ImportSummaryRow::rejected));
        table.getColumns().add(message);

        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (row != vm.selectedProperty().get()) {
                vm.selectedProperty().set(row);
            }
        });
        vm.selectedProperty().addListener((obs, old, row) -> {
            if (row != table.getSelectionModel().getSelectedItem()) {
                if (row == null) {
                    table.getSelectionModel().clearSelection();
                } else {
                    table.getSelectionModel().select(row);
                }
            }
        });

        VBox box = new VBox(title, table);
        box.getStyleClass().add(Styles.PAGE_HEADER);
        VBox.setVgrow(table, Priority.ALWAYS);
        return box;
    }

    /** The Message column: why a file was not imported, or a word on an import that brought nothing. */
    private String messageOf(ImportSummaryRow row) {
        if ("imported-empty".equals(row.shownStatus())) {
            return m.get("import.message.no-records");
        }
        return row.reason();
    }

    /** The records a file brought: "547 spans, 4,551 metric points, 23 logs". */
    private String otherRecords(ImportSummaryRow row) {
        List<String> parts = new java.util.ArrayList<>();
        long[] counts = {row.spans(), row.events(), row.links(), row.metricPoints(), row.logs(), row.annotations(),
                row.exposures()};
        String[] keys = {"spans", "events", "links", "metric-points", "logs", "annotations", "exposures"};
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                parts.add(m.format("import.records." + keys[i], counts[i]));
            }
        }
        return String.join(", ", parts);
    }

    // --- confirmations ------------------------------------------------------------------

    private VBox confirmations() {
        Label title = new Label(m.get("import.confirm.title"));
        title.getStyleClass().add(Styles.SECTION_TITLE);
        VBox cards = new VBox();
        cards.getStyleClass().add(Styles.DETAIL_PANE);
        Runnable rebuild = () -> cards.getChildren().setAll(vm.confirmations().stream().map(this::card).toList());
        vm.confirmations().addListener((javafx.collections.ListChangeListener<ImportConfirmation>) c -> rebuild.run());
        rebuild.run();
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(cards);
        scroll.setFitToWidth(true);
        // About half of the screen's height: the cards are what the user reads while they are shown.
        scroll.prefViewportHeightProperty().bind(Bindings.max(140, heightProperty().multiply(0.42)));
        scroll.setMinViewportHeight(140);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        Button confirm = button(ID_CONFIRM, "import.confirm.import", new FontIcon(MaterialDesignD.DATABASE_IMPORT));
        confirm.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        confirm.setOnAction(e -> vm.confirm());
        confirm.disableProperty().bind(vm.runningProperty());
        Button skip = button(ID_SKIP, "import.confirm.skip", new FontIcon(MaterialDesignC.CLOSE_CIRCLE_OUTLINE));
        skip.setOnAction(e -> vm.skipConfirmations());
        skip.disableProperty().bind(vm.runningProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox heading = new HBox(title, spacer, skip, confirm);
        heading.getStyleClass().add(Styles.TOOLBAR);
        VBox box = new VBox(heading, scroll);
        box.setId(ID_CONFIRMATIONS);
        box.getStyleClass().add(Styles.PAGE_HEADER);
        box.visibleProperty().bind(Bindings.isNotEmpty(vm.confirmations()));
        box.managedProperty().bind(box.visibleProperty());
        VBox.setVgrow(box, Priority.ALWAYS);
        return box;
    }

    /** One file that waits: why, the mapping editor or the window fields, and what is still wrong. */
    private VBox card(ImportConfirmation c) {
        Label name = new Label(c.fileName());
        name.getStyleClass().add(Styles.SECTION_TITLE);
        Label format = new Label(c.recognition().format());
        format.getStyleClass().add(Styles.MUTED);
        HBox top = new HBox(name, format);
        top.getStyleClass().add(Styles.TOOLBAR);
        Label question = new Label(c.question());
        question.setWrapText(true);
        question.setMinHeight(Region.USE_PREF_SIZE);
        VBox card = new VBox(top, question);
        card.getStyleClass().add(Styles.IMPORT_CONFIRM);
        if (c.asksMapping()) {
            card.getChildren().add(mappingTable(c));
            Label kind = new Label();
            kind.setId(ID_CARD_MAPPING_TEXT);
            kind.textProperty().bind(c.mappingTextProperty());
            card.getChildren().add(kind);
        }
        if (c.asksWindow()) {
            javafx.scene.control.TextField start = new javafx.scene.control.TextField();
            start.setId(ID_CARD_START);
            start.textProperty().bindBidirectional(c.windowStartProperty());
            start.setPrefColumnCount(16);
            javafx.scene.control.TextField end = new javafx.scene.control.TextField();
            end.setId(ID_CARD_END);
            end.textProperty().bindBidirectional(c.windowEndProperty());
            end.setPrefColumnCount(16);
            end.setPromptText(m.get("import.confirm.window.end.prompt"));
            Label from = new Label(m.get("import.confirm.window.start"));
            from.setLabelFor(start);
            Label to = new Label(m.get("import.confirm.window.end"));
            to.setLabelFor(end);
            HBox row = new HBox(from, start, to, end);
            row.getStyleClass().add(Styles.TOOLBAR);
            card.getChildren().add(row);
        }
        Label problem = new Label();
        problem.setId(ID_CARD_PROBLEM);
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.getStyleClass().add(Styles.FIELD_ERROR);
        problem.textProperty().bind(c.problemProperty());
        problem.visibleProperty().bind(c.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        card.getChildren().add(problem);
        return card;
    }

    /** Column → field (and unit for a time) choices, one row per CSV column. */
    private TableView<ImportConfirmation.ColumnChoice> mappingTable(ImportConfirmation c) {
        TableView<ImportConfirmation.ColumnChoice> table = new TableView<>(
                javafx.collections.FXCollections.observableArrayList(c.columns()));
        table.setId(ID_CARD_MAPPING);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setFixedCellSize(34);
        table.setPrefHeight(34 * Math.min(c.columns().size(), 6) + 32);
        table.setMinHeight(Region.USE_PREF_SIZE);
        TableColumn<ImportConfirmation.ColumnChoice, String> column = Columns.text(null, m.get("import.col.column"),
                ImportConfirmation.ColumnChoice::column, null);
        TableColumn<ImportConfirmation.ColumnChoice, String> sample = Columns.text(null, m.get("import.col.sample"),
                ImportConfirmation.ColumnChoice::sample, (row, text) -> text);
        List<String> fields = new java.util.ArrayList<>();
        fields.add(ImportConfirmation.ATTRIBUTE);
        fields.addAll(io.prodlab.ingest.CsvMapping.FIELDS);
        List<String> units = new java.util.ArrayList<>();
        units.add(ImportConfirmation.DETECTED);
        units.addAll(io.prodlab.ingest.CsvMapping.UNITS);
        TableColumn<ImportConfirmation.ColumnChoice, ImportConfirmation.ColumnChoice> field = choiceColumn(
                m.get("import.col.field"), fields, ImportConfirmation.ColumnChoice::fieldProperty,
                f -> f.isEmpty() ? m.get("import.field.attribute") : f, null);
        TableColumn<ImportConfirmation.ColumnChoice, ImportConfirmation.ColumnChoice> unit = choiceColumn(
                m.get("import.col.unit"), units, ImportConfirmation.ColumnChoice::unitProperty,
                u -> m.get(u.isEmpty() ? "import.unit.detected" : "import.unit." + u),
                ImportConfirmation.ColumnChoice::takesUnit);
        table.getColumns().add(column);
        table.getColumns().add(sample);
        table.getColumns().add(field);
        table.getColumns().add(unit);
        return table;
    }

    /** A column whose cells are combo boxes bound to a property of the row. */
    private static TableColumn<ImportConfirmation.ColumnChoice, ImportConfirmation.ColumnChoice> choiceColumn(
            String header, List<String> items,
            Function<ImportConfirmation.ColumnChoice, javafx.beans.property.ObjectProperty<String>> property,
            Function<String, String> label, java.util.function.Predicate<ImportConfirmation.ColumnChoice> enabled) {
        TableColumn<ImportConfirmation.ColumnChoice, ImportConfirmation.ColumnChoice> col = new TableColumn<>();
        Columns.setHeader(col, header, false);
        col.setCellValueFactory(cd -> new javafx.beans.property.SimpleObjectProperty<>(cd.getValue()));
        col.setSortable(false);
        col.setCellFactory(tc -> new javafx.scene.control.TableCell<>() {
            private final javafx.scene.control.ComboBox<String> box = new javafx.scene.control.ComboBox<>(
                    javafx.collections.FXCollections.observableArrayList(items));
            private javafx.beans.property.ObjectProperty<String> bound;

            {
                box.setMaxWidth(Double.MAX_VALUE);
                box.setVisibleRowCount(12);
                box.setConverter(new javafx.util.StringConverter<>() {
                    @Override
                    public String toString(String v) {
                        return v == null ? "" : label.apply(v);
                    }

                    @Override
                    public String fromString(String s) {
                        return s;
                    }
                });
            }

            @Override
            protected void updateItem(ImportConfirmation.ColumnChoice item, boolean empty) {
                super.updateItem(item, empty);
                if (bound != null) {
                    box.valueProperty().unbindBidirectional(bound);
                    bound = null;
                }
                box.disableProperty().unbind();
                if (empty || item == null) {
                    setGraphic(null);
                    return;
                }
                bound = property.apply(item);
                box.valueProperty().bindBidirectional(bound);
                if (enabled != null) {
                    box.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                            () -> !enabled.test(item), item.fieldProperty()));
                }
                setGraphic(box);
            }
        });
        return col;
    }

    private VBox rejectedSection() {
        Label title = new Label(m.get("import.rejected"));
        title.getStyleClass().add(Styles.SECTION_TITLE);
        Label text = new Label();
        text.setId(ID_REJECTED_TEXT);
        text.getStyleClass().add(Styles.MUTED);
        text.textProperty().bind(vm.rejectedTextProperty());
        HBox heading = new HBox(title, text);
        heading.getStyleClass().add(Styles.TOOLBAR);

        TableView<RejectedRow> table = new TableView<>(vm.rejected());
        table.setId(ID_REJECTED);
        // Room for a few records whatever the window's size; the divider gives it more by hand.
        table.setMinHeight(104);
        table.setPrefHeight(150);
        table.setPlaceholder(mutedLabel(m.get("import.rejected.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableCopy.install(table, m);
        TableColumn<RejectedRow, String> file = Columns.text(null, m.get("import.col.file"),
                r -> ImportSummaryRow.fileNameOf(r.file()), (row, name) -> row == null ? null : row.file());
        file.setPrefWidth(160);
        file.setMinWidth(90);
        TableColumn<RejectedRow, String> location = Columns.text(null, m.get("import.col.location"),
                RejectedRow::location, null);
        location.setPrefWidth(200);
        location.setMinWidth(80);
        TableColumn<RejectedRow, String> reason = Columns.text(null, m.get("import.col.reason"),
                RejectedRow::reason, null);
        reason.setPrefWidth(320);
        reason.setMinWidth(120);
        TableColumn<RejectedRow, String> excerpt = Columns.text(null, m.get("import.col.excerpt"),
                RejectedRow::excerpt, null);
        excerpt.setPrefWidth(260);
        excerpt.setMinWidth(80);
        table.getColumns().add(file);
        table.getColumns().add(location);
        table.getColumns().add(reason);
        table.getColumns().add(excerpt);

        VBox box = new VBox(heading, table);
        box.getStyleClass().add(Styles.PAGE_HEADER);
        VBox.setVgrow(table, Priority.ALWAYS);
        return box;
    }

    private TableColumn<ImportSummaryRow, Long> count(String id, String key, Function<ImportSummaryRow, Long> value) {
        TableColumn<ImportSummaryRow, Long> c = Columns.integer(id, m.get(key), value);
        c.setPrefWidth(64);
        c.setMinWidth(50);
        return c;
    }

    private static Label mutedLabel(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.MUTED);
        return l;
    }

    // --- dialogs ------------------------------------------------------------------------

    /** Opens the file dialog (File ▸ Import files…, Ctrl+I) and adds what the user picks. */
    public void chooseFiles() {
        if (!vm.canEditFilesProperty().get()) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle(m.get("dialog.import-files.title"));
        chooser.setInitialDirectory(folders.initial());
        List<File> files = chooser.showOpenMultipleDialog(window());
        if (files != null && !files.isEmpty()) {
            folders.used(files.get(0));
            vm.addFiles(files.stream().map(File::toPath).toList());
        }
    }

    /** Opens the folder dialog and adds the folder; the importer walks it. */
    public void chooseFolder() {
        if (!vm.canEditFilesProperty().get()) {
            return;
        }
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(m.get("dialog.import-folder.title"));
        chooser.setInitialDirectory(folders.initial());
        File dir = chooser.showDialog(window());
        if (dir != null) {
            folders.used(dir);
            vm.addFiles(List.of(dir.toPath()));
        }
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }
}
