package io.prodlab.ui.compare;

import io.prodlab.compare.Unit;
import io.prodlab.ui.common.Columns;
import io.prodlab.ui.common.DialogFolders;
import io.prodlab.ui.common.FilterExpressionField;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.common.TableCopy;
import io.prodlab.ui.common.ValueCellFactory;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.jfree.chart.fx.ChartViewer;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

import java.io.File;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Compare screen: the cohort builder on the left (cohorts, scope, unit, advanced options,
 * Compare and Cancel), the results on the right (tests, what differs, charts). Enter in any field
 * runs the comparison, Esc cancels it.
 */
public final class CompareView extends VBox {
    public static final String ID = "compare-view";
    public static final String ID_COHORTS = "compare-cohorts";
    public static final String ID_ADD = "compare-add";
    public static final String ID_SHORTCUTS = "compare-shortcuts";
    public static final String ID_SCOPE = "compare-scope";
    public static final String ID_UNIT_SPAN = "compare-unit-span";
    public static final String ID_UNIT_TRACE = "compare-unit-trace";
    public static final String ID_ADVANCED = "compare-advanced";
    public static final String ID_RESAMPLES = "compare-resamples";
    public static final String ID_SEED = "compare-seed";
    public static final String ID_RUN = "compare-run";
    public static final String ID_CANCEL = "compare-cancel";
    public static final String ID_PROGRESS = "compare-progress";
    public static final String ID_PROGRESS_TEXT = "compare-progress-text";
    public static final String ID_BLOCKER = "compare-blocker";
    public static final String ID_PROBLEM = "compare-problem";
    public static final String ID_SUMMARY = "compare-summary";
    public static final String ID_RESULTS = "compare-results";
    public static final String ID_COHORT_TABLE = "compare-cohort-table";
    public static final String ID_RESULT_TABLE = "compare-result-table";
    public static final String ID_RESULT_DETAIL = "compare-result-detail";
    public static final String ID_TESTS_TITLE = "compare-tests-title";
    public static final String ID_ATTRIBUTE_TABLE = "compare-attribute-table";
    public static final String ID_TAUTOLOGICAL_TABLE = "compare-tautological-table";
    public static final String ID_CHARTS = "compare-charts";

    /** The id of cohort {@code i}'s card (0 is the baseline); its parts add "-name", "-remove", "-filter". */
    public static String cohortId(int i) {
        return "compare-cohort-" + i;
    }

    public static String chartId(ChartKind kind) {
        return "compare-chart-" + kind.code();
    }

    public static String exportId(ChartKind kind, ChartExport.Format format) {
        return chartId(kind) + "-" + format.extension();
    }

    /** Asks where to write an exported chart; the default shows a save dialog. */
    @FunctionalInterface
    public interface SaveTarget {
        Optional<Path> choose(Window owner, String suggestedName, ChartExport.Format format);
    }

    private final CompareViewModel vm;
    private final Messages m;
    private final DialogFolders folders;
    private final VBox cohortBox = new VBox();
    private final Map<CohortDraft, CohortCard> cards = new IdentityHashMap<>();
    private final Map<ChartKind, ChartViewer> viewers = new EnumMap<>(ChartKind.class);
    private final FilterExpressionField scopeField;
    private SaveTarget saveTarget;
    private boolean dark;

    public CompareView(CompareViewModel vm, Messages messages, DialogFolders folders) {
        this.vm = vm;
        this.m = messages;
        this.folders = folders;
        this.saveTarget = this::showSaveDialog;
        setId(ID);
        getStyleClass().add(Styles.PAGE);

        Label title = new Label(m.get("compare.title"));
        title.getStyleClass().add(Styles.PAGE_TITLE);
        Label subtitle = new Label(m.get("compare.subtitle"));
        subtitle.getStyleClass().add(Styles.PAGE_SUBTITLE);
        subtitle.setWrapText(true);
        subtitle.setMinHeight(Region.USE_PREF_SIZE);
        VBox header = new VBox(title, subtitle);
        header.getStyleClass().add(Styles.PAGE_HEADER);

        // The session's time range: every cohort is compared over it (the same picker as on every screen).
        io.prodlab.ui.common.TimeRangePicker picker = new io.prodlab.ui.common.TimeRangePicker(vm.timeRange(), m);
        Label rangeHint = new Label(m.get("compare.time.hint"));
        rangeHint.getStyleClass().add(Styles.MUTED);
        rangeHint.setMinWidth(0);
        rangeHint.setTooltip(new Tooltip(m.get("compare.time.hint")));
        HBox rangeBar = new HBox(picker, picker.customFields(), rangeHint);
        rangeBar.getStyleClass().add(Styles.TOOLBAR);
        scopeField = new FilterExpressionField(ID_SCOPE, vm.scope(), m);
        SplitPane split = new SplitPane(builder(), results());
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.3);
        SplitPane.setResizableWithParent(split.getItems().get(0), false);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(header, rangeBar, split);

        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && vm.runningProperty().get()) {
                vm.cancel();
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER && e.getTarget() instanceof TextInputControl
                    && isInBuilder((Node) e.getTarget())) {
                vm.compare();
                e.consume();
            }
        });
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                followTheme(scene.getRoot());
                scene.rootProperty().addListener((o, a, root) -> followTheme(root));
            }
        });
        vm.computedProperty().addListener((obs, old, now) -> drawCharts());
    }

    public CompareViewModel viewModel() {
        return vm;
    }

    /** Where exports are written: tests give a fixed file instead of the dialog. */
    public void setSaveTarget(SaveTarget target) {
        this.saveTarget = target;
    }

    /** Puts the cursor in the first cohort's filter (Ctrl+F). */
    public void focusFilter() {
        if (!vm.cohorts().isEmpty()) {
            cards.get(vm.cohorts().get(0)).filter.focusInput();
        }
    }

    // --- the builder ----------------------------------------------------------------------

    private Node builder() {
        Label cohortsTitle = new Label(m.get("compare.cohorts"));
        cohortsTitle.getStyleClass().add(Styles.SECTION_TITLE);
        Label cohortsHint = new Label(m.get("compare.cohorts.hint"));
        cohortsHint.getStyleClass().add(Styles.MUTED);
        cohortsHint.setWrapText(true);
        cohortsHint.setMinHeight(Region.USE_PREF_SIZE);
        MenuButton shortcuts = new MenuButton(m.get("compare.shortcuts"), new FontIcon(MaterialDesignL.LIGHTNING_BOLT));
        shortcuts.setId(ID_SHORTCUTS);
        shortcuts.getStyleClass().addAll(atlantafx.base.theme.Styles.SMALL);
        shortcuts.setTooltip(new Tooltip(m.get("compare.shortcuts.help")));
        shortcuts.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.shortcuts())
                .or(vm.runningProperty()));
        vm.shortcuts().addListener((ListChangeListener<CompareViewModel.Shortcut>) ch -> fillShortcuts(shortcuts));
        fillShortcuts(shortcuts);
        Region titleSpacer = new Region();
        HBox.setHgrow(titleSpacer, Priority.ALWAYS);
        HBox cohortsHeader = new HBox(cohortsTitle, titleSpacer, shortcuts);
        cohortsHeader.getStyleClass().add(Styles.TOOLBAR);
        Label shortcutNote = label("compare-shortcut-note", Styles.FILTER_WARNING);
        shortcutNote.textProperty().bind(vm.shortcutNoteProperty());
        shortcutNote.visibleProperty().bind(shortcutNote.textProperty().isNotEmpty());
        shortcutNote.managedProperty().bind(shortcutNote.visibleProperty());
        cohortBox.setId(ID_COHORTS);
        cohortBox.getStyleClass().add("cohort-list");
        vm.cohorts().addListener((ListChangeListener<CohortDraft>) ch -> layoutCohorts());
        layoutCohorts();
        Button add = new Button(m.get("compare.add"), new FontIcon(MaterialDesignP.PLUS));
        add.setId(ID_ADD);
        add.disableProperty().bind(vm.canAddProperty().not());
        add.setOnAction(e -> {
            CohortDraft d = vm.addCohort();
            if (d != null) {
                cards.get(d).name.requestFocus();
            }
        });
        HBox addRow = new HBox(add);
        addRow.getStyleClass().add(Styles.TOOLBAR);

        Label scopeTitle = new Label(m.get("compare.scope"));
        scopeTitle.getStyleClass().add(Styles.SECTION_TITLE);
        scopeTitle.setLabelFor(scopeField.input());
        Label scopeHint = new Label(m.get("compare.scope.hint"));
        scopeHint.getStyleClass().add(Styles.MUTED);
        scopeHint.setWrapText(true);
        scopeHint.setMinHeight(Region.USE_PREF_SIZE);
        scopeField.input().setPromptText(m.get("compare.scope.prompt"));

        Label unitTitle = new Label(m.get("compare.unit"));
        unitTitle.getStyleClass().add(Styles.SECTION_TITLE);
        ToggleGroup units = new ToggleGroup();
        RadioButton span = new RadioButton(m.get("compare.unit.span"));
        span.setId(ID_UNIT_SPAN);
        span.setToggleGroup(units);
        span.setUserData(Unit.SPAN);
        span.setTooltip(new Tooltip(m.get("compare.unit.span.help")));
        RadioButton trace = new RadioButton(m.get("compare.unit.trace"));
        trace.setId(ID_UNIT_TRACE);
        trace.setToggleGroup(units);
        trace.setUserData(Unit.TRACE);
        trace.setTooltip(new Tooltip(m.get("compare.unit.trace.help")));
        units.selectToggle(vm.unitProperty().get() == Unit.TRACE ? trace : span);
        units.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now != null) {
                vm.unitProperty().set((Unit) now.getUserData());
            }
        });
        vm.unitProperty().addListener((obs, old, now) -> units.selectToggle(now == Unit.TRACE ? trace : span));
        HBox unitRow = new HBox(span, trace);
        unitRow.getStyleClass().add(Styles.TOOLBAR);

        TextField resamples = new TextField();
        resamples.setId(ID_RESAMPLES);
        resamples.setPrefColumnCount(7);
        resamples.textProperty().bindBidirectional(vm.resamplesProperty());
        resamples.setTooltip(new Tooltip(m.get("compare.resamples.help")));
        TextField seed = new TextField();
        seed.setId(ID_SEED);
        seed.setPrefColumnCount(7);
        seed.textProperty().bindBidirectional(vm.seedProperty());
        seed.setTooltip(new Tooltip(m.get("compare.seed.help")));
        GridPane advancedGrid = new GridPane();
        advancedGrid.getStyleClass().add("compare-advanced-grid");
        Label resamplesLabel = new Label(m.get("compare.resamples"));
        resamplesLabel.setLabelFor(resamples);
        Label seedLabel = new Label(m.get("compare.seed"));
        seedLabel.setLabelFor(seed);
        advancedGrid.addRow(0, resamplesLabel, resamples);
        advancedGrid.addRow(1, seedLabel, seed);
        TitledPane advanced = new TitledPane(m.get("compare.advanced"), advancedGrid);
        advanced.setId(ID_ADVANCED);
        advanced.setExpanded(false);
        advanced.setAnimated(false);

        Button run = new Button(m.get("compare.run"), new FontIcon(MaterialDesignC.COMPARE));
        run.setId(ID_RUN);
        run.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        run.disableProperty().bind(vm.canCompareProperty().not());
        run.setOnAction(e -> vm.compare());
        Button cancel = new Button(m.get("compare.cancel"), new FontIcon(MaterialDesignC.CLOSE_CIRCLE_OUTLINE));
        cancel.setId(ID_CANCEL);
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        HBox actions = new HBox(run, cancel);
        actions.getStyleClass().add(Styles.TOOLBAR);
        ProgressBar bar = new ProgressBar();
        bar.setId(ID_PROGRESS);
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.runningProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        Label progressText = label(ID_PROGRESS_TEXT, Styles.MUTED);
        progressText.textProperty().bind(vm.progressTextProperty());
        Label blocker = label(ID_BLOCKER, Styles.MUTED);
        blocker.textProperty().bind(vm.blockerProperty());
        Label problem = label(ID_PROBLEM, Styles.COMPARE_PROBLEM);
        problem.textProperty().bind(vm.problemProperty());
        for (Label l : new Label[] {progressText, blocker, problem}) {
            l.visibleProperty().bind(l.textProperty().isNotEmpty());
            l.managedProperty().bind(l.visibleProperty());
        }

        VBox builder = new VBox(cohortsHeader, cohortsHint, shortcutNote, cohortBox, addRow, scopeTitle, scopeHint, scopeField,
                unitTitle, unitRow, advanced);
        builder.getStyleClass().add("compare-builder-fields");
        ScrollPane scroll = new ScrollPane(builder);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        // Compare and Cancel stay in view however many cohorts scroll above them
        VBox footer = new VBox(actions, bar, progressText, blocker, problem);
        footer.getStyleClass().add("compare-builder-footer");
        VBox side = new VBox(scroll, footer);
        side.getStyleClass().add(Styles.COMPARE_BUILDER);
        side.setMinWidth(260);
        side.setPrefWidth(330);
        return side;
    }

    private void fillShortcuts(MenuButton menu) {
        menu.getItems().clear();
        for (int i = 0; i < vm.shortcuts().size(); i++) {
            CompareViewModel.Shortcut s = vm.shortcuts().get(i);
            MenuItem item = new MenuItem(s.text());
            item.setId(shortcutId(i));
            item.setMnemonicParsing(false);
            item.setOnAction(e -> vm.applyShortcut(s));
            menu.getItems().add(item);
        }
    }

    /** The id of the {@code i}-th item of the Shortcuts menu. */
    public static String shortcutId(int i) {
        return "compare-shortcut-" + i;
    }

    private static Label label(String id, String styleClass) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(styleClass);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private boolean isInBuilder(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p.getStyleClass().contains(Styles.COMPARE_BUILDER)) {
                return true;
            }
        }
        return false;
    }

    private void layoutCohorts() {
        cards.keySet().removeIf(d -> !vm.cohorts().contains(d));
        cohortBox.getChildren().clear();
        for (int i = 0; i < vm.cohorts().size(); i++) {
            CohortDraft d = vm.cohorts().get(i);
            CohortCard card = cards.computeIfAbsent(d, CohortCard::new);
            card.place(i);
            cohortBox.getChildren().add(card);
        }
    }

    /** One cohort: its role, its name, a remove button and its filter. */
    private final class CohortCard extends VBox {
        final TextField name = new TextField();
        final Label badge = new Label();
        final Button remove = new Button("", new FontIcon(MaterialDesignT.TRASH_CAN_OUTLINE));
        final FilterExpressionField filter;
        private final CohortDraft draft;

        CohortCard(CohortDraft d) {
            this.draft = d;
            getStyleClass().add(Styles.COHORT_CARD);
            badge.getStyleClass().add(Styles.COHORT_BADGE);
            badge.textProperty().bind(d.roleProperty());
            badge.setMinWidth(Region.USE_PREF_SIZE);
            name.textProperty().bindBidirectional(d.nameProperty());
            name.setPromptText(m.get("compare.cohort.name.prompt"));
            HBox.setHgrow(name, Priority.ALWAYS);
            remove.setTooltip(new Tooltip(m.get("compare.cohort.remove")));
            remove.getStyleClass().addAll(atlantafx.base.theme.Styles.BUTTON_ICON, atlantafx.base.theme.Styles.FLAT);
            remove.disableProperty().bind(vm.canRemoveProperty().not());
            remove.setOnAction(e -> vm.removeCohort(draft));
            HBox top = new HBox(badge, name, remove);
            top.getStyleClass().add("cohort-card-top");
            filter = new FilterExpressionField("x", d.filter(), m);
            filter.input().setPromptText(m.get("compare.cohort.filter.prompt"));
            getChildren().addAll(top, filter);
            d.baselineProperty().addListener((obs, old, now) -> Styles.toggle(this, Styles.COHORT_BASELINE, now));
            Styles.toggle(this, Styles.COHORT_BASELINE, d.baselineProperty().get());
        }

        void place(int i) {
            setId(cohortId(i));
            name.setId(cohortId(i) + "-name");
            remove.setId(cohortId(i) + "-remove");
            filter.assignId(cohortId(i) + "-filter");
        }
    }

    // --- the results ----------------------------------------------------------------------

    private Node results() {
        Label summary = label(ID_SUMMARY, Styles.MUTED);
        summary.textProperty().bind(vm.summaryProperty());
        Label warnings = label("compare-warnings", Styles.FILTER_WARNING);
        warnings.textProperty().bind(vm.warningsProperty());
        warnings.visibleProperty().bind(warnings.textProperty().isNotEmpty());
        warnings.managedProperty().bind(warnings.visibleProperty());

        TableView<CompareRows.CohortRow> cohortTable = cohortTable();
        TableView<CompareRows.ResultRow> resultTable = resultTable();
        VBox.setVgrow(resultTable, Priority.ALWAYS);
        Label testsTitle = new Label();
        testsTitle.setId(ID_TESTS_TITLE);
        testsTitle.getStyleClass().add(Styles.SECTION_TITLE);
        testsTitle.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            CompareViewModel.Computed c = vm.computedProperty().get();
            return c == null ? m.get("compare.tests.title") : m.format("compare.tests.title.unit",
                    m.get("compare.unit.one." + c.result().unit().code()));
        }, vm.computedProperty()));
        // the selected figure in full: what it measures, and its note (the Notes column is narrow at 1024 px)
        Label detail = label(ID_RESULT_DETAIL, Styles.MUTED);
        detail.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            CompareRows.ResultRow r = resultTable.getSelectionModel().getSelectedItem();
            return r == null ? "" : r.note().isEmpty() ? r.description() : r.description() + "\n" + r.note();
        }, resultTable.getSelectionModel().selectedItemProperty()));
        detail.visibleProperty().bind(detail.textProperty().isNotEmpty());
        detail.managedProperty().bind(detail.visibleProperty());
        VBox tests = new VBox(cohortTable, testsTitle, resultTable, detail);
        tests.getStyleClass().add("compare-tab");

        TableView<CompareRows.AttributeRow> attributes = attributeTable(ID_ATTRIBUTE_TABLE, false);
        TableView<CompareRows.AttributeRow> tautological = attributeTable(ID_TAUTOLOGICAL_TABLE, true);
        VBox.setVgrow(attributes, Priority.ALWAYS);
        Label tautTitle = new Label(m.get("compare.tautological.title"));
        tautTitle.getStyleClass().add(Styles.SECTION_TITLE);
        Label tautHint = new Label(m.get("compare.tautological.hint"));
        tautHint.getStyleClass().add(Styles.MUTED);
        tautHint.setWrapText(true);
        tautHint.setMinHeight(Region.USE_PREF_SIZE);
        Label attrHint = new Label(m.get("compare.attributes.hint"));
        attrHint.getStyleClass().add(Styles.MUTED);
        attrHint.setWrapText(true);
        attrHint.setMinHeight(Region.USE_PREF_SIZE);
        VBox.setVgrow(tautological, Priority.ALWAYS);
        VBox ranked = new VBox(attrHint, attributes);
        ranked.getStyleClass().add("compare-tab");
        VBox apart = new VBox(tautTitle, tautHint, tautological);
        apart.getStyleClass().add("compare-tab");
        SplitPane differs = new SplitPane(ranked, apart);
        differs.setOrientation(Orientation.VERTICAL);
        differs.setDividerPositions(0.6);
        differs.getStyleClass().add("compare-differs");

        TabPane tabs = new TabPane(
                tab("compare-tab-tests", m.get("compare.tab.tests"), tests),
                tab("compare-tab-attributes", m.get("compare.tab.attributes"), differs),
                tab("compare-tab-charts", m.get("compare.tab.charts"), charts()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        VBox box = new VBox(summary, warnings, tabs);
        box.setId(ID_RESULTS);
        box.getStyleClass().add("compare-results");
        box.setMinWidth(360);
        return box;
    }

    private static Tab tab(String id, String text, Node content) {
        Tab t = new Tab(text, content);
        t.setId(id);
        return t;
    }

    private TableView<CompareRows.CohortRow> cohortTable() {
        TableView<CompareRows.CohortRow> t = new TableView<>(vm.cohortRows());
        t.setId(ID_COHORT_TABLE);
        t.setPlaceholder(placeholder());
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableCopy.install(t, m);
        TableColumn<CompareRows.CohortRow, String> name = Columns.text("compare-col-cohort",
                m.get("compare.col.cohort"), r -> r.baseline() && !r.name().equalsIgnoreCase(m.get("compare.cohort.baseline"))
                        ? r.name() + " " + m.get("compare.baseline.mark") : r.name(), null);
        name.setPrefWidth(150);
        name.setMinWidth(90);
        t.getColumns().add(name);
        t.getColumns().add(Columns.integer("compare-col-n", m.get("compare.col.n"), CompareRows.CohortRow::n));
        t.getColumns().add(Columns.durationMs("compare-col-mean", m.get("compare.col.mean"),
                CompareRows.CohortRow::meanMs, 1));
        t.getColumns().add(Columns.durationMs("compare-col-p50", m.get("compare.col.p50"),
                CompareRows.CohortRow::p50Ms, 1));
        t.getColumns().add(Columns.durationMs("compare-col-p95", m.get("compare.col.p95"),
                CompareRows.CohortRow::p95Ms, 1));
        t.getColumns().add(Columns.durationMs("compare-col-p99", m.get("compare.col.p99"),
                CompareRows.CohortRow::p99Ms, 1));
        t.getColumns().add(Columns.integer("compare-col-errors", m.get("compare.col.errors"),
                CompareRows.CohortRow::errors));
        t.getColumns().add(Columns.percentage("compare-col-error-rate", m.get("compare.col.error-rate"),
                CompareRows.CohortRow::errorRate, 2));
        // as tall as its rows: up to 8 cohorts without a scroll bar
        t.prefHeightProperty().bind(javafx.beans.binding.Bindings.max(2, javafx.beans.binding.Bindings.size(
                vm.cohortRows())).multiply(28).add(50));
        t.minHeightProperty().bind(t.prefHeightProperty());
        t.maxHeightProperty().bind(t.prefHeightProperty());
        return t;
    }

    private TableView<CompareRows.ResultRow> resultTable() {
        TableView<CompareRows.ResultRow> t = new TableView<>(vm.resultRows());
        t.setId(ID_RESULT_TABLE);
        t.setPlaceholder(placeholder());
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableCopy.install(t, m);
        TableColumn<CompareRows.ResultRow, String> cand = candidateColumn("compare-col-candidate",
                CompareRows.ResultRow::candidate, vm.resultRows(), CompareRows.ResultRow::candidate);
        TableColumn<CompareRows.ResultRow, String> measure = Columns.text("compare-col-measure",
                m.get("compare.col.measure"), CompareRows.ResultRow::measure, (row, v) -> row == null ? v
                        : v + "\n" + row.description());
        measure.setPrefWidth(170);
        measure.setMinWidth(90);
        TableColumn<CompareRows.ResultRow, String> estimate = numericText("compare-col-estimate",
                m.get("compare.col.estimate"), CompareRows.ResultRow::estimateText);
        estimate.setPrefWidth(90);
        estimate.setMinWidth(76);
        TableColumn<CompareRows.ResultRow, String> ci = numericText("compare-col-ci",
                m.format("compare.col.ci", 95), CompareRows.ResultRow::interval);
        ci.setPrefWidth(130);
        ci.setMinWidth(92);
        TableColumn<CompareRows.ResultRow, Double> p = Columns.decimal("compare-col-p", m.get("compare.col.p"),
                CompareRows.ResultRow::p, 3);
        TableColumn<CompareRows.ResultRow, Double> holm = Columns.decimal("compare-col-holm", m.get("compare.col.holm"),
                CompareRows.ResultRow::pHolm, 3);
        TableColumn<CompareRows.ResultRow, Double> bh = Columns.decimal("compare-col-bh", m.get("compare.col.bh"),
                CompareRows.ResultRow::pBh, 3);
        for (TableColumn<CompareRows.ResultRow, Double> c : java.util.List.of(p, holm, bh)) {
            c.setPrefWidth(74);
            c.setMinWidth(72);
        }
        TableColumn<CompareRows.ResultRow, CompareRows.ResultRow> notes = new TableColumn<>();
        notes.setId("compare-col-notes");
        Columns.setHeader(notes, m.get("compare.col.notes"), false);
        notes.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        notes.setCellFactory(new ValueCellFactory<CompareRows.ResultRow, CompareRows.ResultRow>()
                .withText(CompareRows.ResultRow::note)
                .withTooltip((row, v) -> v == null ? null : v.note())
                .withStyleClass(v -> v != null && v.flagged() ? Styles.RESULT_FLAG : null));
        notes.setPrefWidth(200);
        notes.setMinWidth(40);
        t.getColumns().addAll(java.util.List.of(cand, measure, estimate, ci, p, holm, bh));
        t.getColumns().add(notes);
        return t;
    }

    /** The Candidate column, shown only when the rows are of more than one candidate. */
    private <S> TableColumn<S, String> candidateColumn(String id, Function<S, String> value,
                                                      javafx.collections.ObservableList<S> rows,
                                                      Function<S, String> candidate) {
        TableColumn<S, String> c = Columns.text(id, m.get("compare.col.candidate"), value, null);
        c.setPrefWidth(90);
        c.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> rows.stream().map(candidate).distinct().count() > 1, rows));
        return c;
    }

    private static <S> TableColumn<S, String> numericText(String id, String header, Function<S, String> text) {
        TableColumn<S, String> c = new TableColumn<>();
        c.setId(id);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(text.apply(cd.getValue())));
        Columns.setHeader(c, header, true);
        c.getStyleClass().add(Styles.NUMERIC);
        c.setCellFactory(new ValueCellFactory<S, String>().numeric());
        return c;
    }

    private TableView<CompareRows.AttributeRow> attributeTable(String id, boolean tautological) {
        TableView<CompareRows.AttributeRow> t = new TableView<>(tautological ? vm.tautologicalRows()
                : vm.attributeRows());
        t.setId(id);
        t.setPlaceholder(placeholder());
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableCopy.install(t, m);
        t.getColumns().add(candidateColumn(id + "-candidate", CompareRows.AttributeRow::candidate,
                tautological ? vm.tautologicalRows() : vm.attributeRows(), CompareRows.AttributeRow::candidate));
        if (!tautological) {
            TableColumn<CompareRows.AttributeRow, Long> rank = Columns.integer(id + "-rank", m.get("compare.col.rank"),
                    r -> (long) r.rank());
            rank.setPrefWidth(40);
            t.getColumns().add(rank);
        }
        TableColumn<CompareRows.AttributeRow, String> field = Columns.text(id + "-field", m.get("compare.col.attribute"),
                CompareRows.AttributeRow::field, null);
        field.setPrefWidth(220);
        field.setMinWidth(110);
        TableColumn<CompareRows.AttributeRow, String> diff = Columns.text(id + "-difference",
                m.get("compare.col.difference"), CompareRows.AttributeRow::biggestDifference, null);
        diff.setPrefWidth(170);
        t.getColumns().addAll(java.util.List.of(field, diff));
        if (tautological) {
            TableColumn<CompareRows.AttributeRow, String> flag = Columns.text(id + "-flag", m.get("compare.col.why"),
                    CompareRows.AttributeRow::flag, null);
            flag.setCellFactory(new ValueCellFactory<CompareRows.AttributeRow, String>().withTextAsTooltip()
                    .withStyleClass(v -> Styles.RESULT_FLAG));
            flag.setPrefWidth(160);
            t.getColumns().add(flag);
            t.getColumns().add(Columns.decimal(id + "-p", m.get("compare.col.p"), CompareRows.AttributeRow::p, 3));
        } else {
            t.getColumns().add(Columns.decimal(id + "-v", m.get("compare.col.cramers-v"),
                    CompareRows.AttributeRow::cramersV, 3));
            t.getColumns().add(Columns.decimal(id + "-p", m.get("compare.col.p"), CompareRows.AttributeRow::p, 3));
            t.getColumns().add(Columns.decimal(id + "-bh", m.get("compare.col.bh"), CompareRows.AttributeRow::pBh, 3));
        }
        for (TableColumn<CompareRows.AttributeRow, ?> c : t.getColumns()) {
            if (c.getId().endsWith("-p") || c.getId().endsWith("-bh") || c.getId().endsWith("-v")) {
                c.setPrefWidth(70);
                c.setMinWidth(72);
            }
        }
        return t;
    }

    private Label placeholder() {
        Label l = new Label();
        l.getStyleClass().add(Styles.MUTED);
        l.textProperty().bind(javafx.beans.binding.Bindings.when(vm.runningProperty())
                .then(m.get("compare.empty.running")).otherwise(m.get("compare.empty")));
        return l;
    }

    // --- the charts -----------------------------------------------------------------------

    private Node charts() {
        GridPane grid = new GridPane();
        grid.setId(ID_CHARTS);
        grid.getStyleClass().add("compare-charts");
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            c.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(c);
            RowConstraints r = new RowConstraints();
            r.setPercentHeight(50);
            r.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().add(r);
        }
        ChartKind[] kinds = ChartKind.values();
        for (int i = 0; i < kinds.length; i++) {
            grid.add(chartCard(kinds[i]), i % 2, i / 2);
        }
        return grid;
    }

    private Node chartCard(ChartKind kind) {
        ChartViewer viewer = new ChartViewer(null, false);
        viewer.setId(chartId(kind));
        viewer.setMinSize(160, 120);
        viewers.put(kind, viewer);
        Button png = exportButton(kind, ChartExport.Format.PNG);
        Button svg = exportButton(kind, ChartExport.Format.SVG);
        ContextMenu menu = new ContextMenu(exportItem(kind, ChartExport.Format.PNG),
                exportItem(kind, ChartExport.Format.SVG));
        viewer.setOnContextMenuRequested(e -> {
            if (viewer.getChart() != null) {
                menu.show(viewer, e.getScreenX(), e.getScreenY());
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(spacer, png, svg);
        bar.getStyleClass().add("chart-card-bar");
        Label empty = placeholder();
        javafx.scene.layout.StackPane body = new javafx.scene.layout.StackPane(empty, viewer);
        empty.visibleProperty().bind(viewer.visibleProperty().not());
        VBox.setVgrow(body, Priority.ALWAYS);
        VBox card = new VBox(bar, body);
        card.getStyleClass().add(Styles.CHART_CARD);
        return card;
    }

    private Button exportButton(ChartKind kind, ChartExport.Format format) {
        Button b = new Button(format.name(), new FontIcon(MaterialDesignF.FILE_EXPORT_OUTLINE));
        b.setId(exportId(kind, format));
        b.getStyleClass().addAll(atlantafx.base.theme.Styles.SMALL, atlantafx.base.theme.Styles.FLAT);
        b.setTooltip(new Tooltip(m.format("compare.export." + format.extension(), m.get("compare.chart." + kind.code()))));
        b.disableProperty().bind(vm.computedProperty().isNull());
        b.setOnAction(e -> export(kind, format));
        return b;
    }

    private MenuItem exportItem(ChartKind kind, ChartExport.Format format) {
        MenuItem i = new MenuItem(m.format("compare.export." + format.extension(), m.get("compare.chart." + kind.code())));
        i.setOnAction(e -> export(kind, format));
        return i;
    }

    private void export(ChartKind kind, ChartExport.Format format) {
        String suggested = "compare-" + kind.code() + "." + format.extension();
        saveTarget.choose(getScene() == null ? null : getScene().getWindow(), suggested, format)
                .ifPresent(path -> vm.exportChart(kind, format, path, dark));
    }

    private Optional<Path> showSaveDialog(Window owner, String suggested, ChartExport.Format format) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(m.get("compare.export.title"));
        chooser.setInitialDirectory(folders.initial());
        chooser.setInitialFileName(suggested);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.name(), "*." + format.extension()));
        File f = chooser.showSaveDialog(owner);
        if (f == null) {
            return Optional.empty();
        }
        folders.used(f);
        Path p = f.toPath();
        return Optional.of(p.getFileName().toString().contains(".") ? p
                : p.resolveSibling(p.getFileName() + "." + format.extension()));
    }

    private void followTheme(Parent root) {
        if (root == null) {
            return;
        }
        dark = root.getStyleClass().contains(Styles.THEME_DARK);
        root.getStyleClass().addListener((ListChangeListener<String>) ch -> {
            boolean now = root.getStyleClass().contains(Styles.THEME_DARK);
            if (now != dark) {
                dark = now;
                drawCharts();
            }
        });
        drawCharts();
    }

    private void drawCharts() {
        CompareViewModel.Computed c = vm.computedProperty().get();
        ChartPalette palette = dark ? ChartPalette.DARK : ChartPalette.LIGHT;
        for (Map.Entry<ChartKind, ChartViewer> e : viewers.entrySet()) {
            // a viewer takes no null chart: without results it is hidden behind the card's placeholder
            e.getValue().setVisible(c != null);
            if (c != null) {
                e.getValue().setChart(vm.charts().chart(e.getKey(), c.charts(), palette));
            }
        }
    }
}
