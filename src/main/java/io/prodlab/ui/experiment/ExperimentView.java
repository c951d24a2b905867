package io.prodlab.ui.experiment;

import io.prodlab.experiment.Check;
import io.prodlab.experiment.ExperimentResult;
import io.prodlab.experiment.ExperimentResult.MetricVerdict;
import io.prodlab.ui.common.DialogFolders;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.experiment.ExperimentDraft.CohortRow;
import io.prodlab.ui.experiment.ExperimentDraft.GuardrailRow;
import io.prodlab.ui.experiment.ExperimentDraft.Step;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.util.List;
import java.util.function.Function;

/**
 * The guided experiment: six steps in order (question, hypothesis, pre-registration, bias checks,
 * result, report), each saying what it is for and what goes wrong when it is skipped. Lays out and
 * binds {@link ExperimentDraft}; nothing here decides anything.
 */
public final class ExperimentView extends BorderPane {
    public static final String ID_STEP_TITLE = "experiment-step-title";
    public static final String ID_NEXT = "experiment-next";
    public static final String ID_BACK = "experiment-back";
    public static final String ID_TEMPLATE = "experiment-template";
    public static final String ID_NAME = "experiment-name";
    public static final String ID_QUESTION = "experiment-question";
    public static final String ID_PROPOSALS = "experiment-proposals";
    public static final String ID_SCOPE = "experiment-scope";
    public static final String ID_SENTENCE = "experiment-sentence";
    public static final String ID_POWER = "experiment-power";
    public static final String ID_PROBLEMS = "experiment-problems";
    public static final String ID_PLAN_TEXT = "experiment-plan-text";
    public static final String ID_REGISTER = "experiment-register";
    public static final String ID_REGISTERED = "experiment-registered";
    public static final String ID_RUN = "experiment-run";
    public static final String ID_CHECKS = "experiment-checks";
    public static final String ID_VERDICT = "experiment-verdict";
    public static final String ID_SUMMARY = "experiment-summary";
    public static final String ID_MESSAGE = "experiment-message";
    public static final String ID_COVARIATES = "experiment-covariates";

    private final ExperimentDraft draft;
    private final Messages m;
    private final DialogFolders folders;
    private final StackPane body = new StackPane();
    private final List<ToggleButton> stepButtons = new java.util.ArrayList<>();
    private final VBox cohortRows = new VBox(6);
    private final VBox guardrailRows = new VBox(6);

    public static final String ID = "experiment-view";

    public ExperimentView(ExperimentDraft draft, Messages messages, DialogFolders folders) {
        setId(ID);
        this.draft = draft;
        this.m = messages;
        this.folders = folders;
        getStyleClass().addAll(Styles.PAGE, "experiment");

        Label title = new Label(m.get("experiment.title"));
        title.getStyleClass().add(Styles.PAGE_TITLE);
        Label subtitle = new Label(m.get("experiment.subtitle"));
        subtitle.getStyleClass().add(Styles.PAGE_SUBTITLE);
        subtitle.setWrapText(true);
        VBox header = new VBox(2, title, subtitle);
        header.getStyleClass().add(Styles.PAGE_HEADER);
        setTop(header);

        VBox steps = new VBox(4);
        steps.getStyleClass().add("experiment-steps");
        ToggleGroup group = new ToggleGroup();
        for (Step s : Step.values()) {
            ToggleButton b = new ToggleButton((s.ordinal() + 1) + ". " + m.get("experiment.step." + s.key()));
            b.setId("experiment-step-" + s.key());
            b.setToggleGroup(group);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setAlignment(Pos.CENTER_LEFT);
            b.setOnAction(e -> {
                draft.goTo(s);
                select();
            });
            stepButtons.add(b);
            steps.getChildren().add(b);
        }
        steps.setPrefWidth(160);
        steps.setMinWidth(150);
        setLeft(steps);
        BorderPane.setMargin(steps, new Insets(0, 12, 0, 0));

        Label stepTitle = new Label();
        stepTitle.setId(ID_STEP_TITLE);
        stepTitle.getStyleClass().add(Styles.SECTION_TITLE);
        Label purpose = new Label();
        purpose.setWrapText(true);
        purpose.setMinHeight(Region.USE_PREF_SIZE);
        Label skipped = new Label();
        skipped.setWrapText(true);
        skipped.setMinHeight(Region.USE_PREF_SIZE);
        skipped.getStyleClass().add(Styles.MUTED);
        VBox intro = new VBox(4, stepTitle, purpose, skipped);
        intro.getStyleClass().add("experiment-intro");

        body.getChildren().addAll(scroll(question()), scroll(hypothesis()), scroll(register()), checksPane(),
                scroll(result()), scroll(report()));
        VBox.setVgrow(body, Priority.ALWAYS);

        Label message = new Label();
        message.setId(ID_MESSAGE);
        message.setWrapText(true);
        message.textProperty().bind(draft.messageProperty());
        Button back = new Button(m.get("experiment.back"));
        back.setId(ID_BACK);
        back.setOnAction(e -> draft.back());
        back.disableProperty().bind(draft.stepProperty().isEqualTo(0));
        Button next = new Button(m.get("experiment.next"));
        next.setId(ID_NEXT);
        next.setDefaultButton(false);
        next.getStyleClass().add("accent");
        next.setOnAction(e -> draft.next());
        next.disableProperty().bind(draft.canNextProperty().not());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox.setHgrow(message, Priority.SOMETIMES);
        HBox nav = new HBox(8, message, spacer, back, next);
        nav.setAlignment(Pos.CENTER_RIGHT);
        nav.setPadding(new Insets(8, 0, 0, 0));

        VBox center = new VBox(10, intro, body, nav);
        setCenter(center);

        draft.stepProperty().addListener((o, a, b) -> {
            select();
            Step s = draft.currentStep();
            stepTitle.setText((s.ordinal() + 1) + ". " + m.get("experiment.step." + s.key()));
            purpose.setText(m.get("experiment.step." + s.key() + ".purpose"));
            skipped.setText(m.get("experiment.step." + s.key() + ".skipped"));
        });
        Step s = draft.currentStep();
        stepTitle.setText((s.ordinal() + 1) + ". " + m.get("experiment.step." + s.key()));
        purpose.setText(m.get("experiment.step." + s.key() + ".purpose"));
        skipped.setText(m.get("experiment.step." + s.key() + ".skipped"));
        select();
    }

    /** The draft the view shows, for tests that act where a file dialog would. */
    ExperimentDraft draft() {
        return draft;
    }

    private void select() {
        int i = draft.stepProperty().get();
        for (int k = 0; k < body.getChildren().size(); k++) {
            body.getChildren().get(k).setVisible(k == i);
            stepButtons.get(k).setSelected(k == i);
        }
    }

    private static ScrollPane scroll(Node n) {
        ScrollPane s = new ScrollPane(n);
        s.setFitToWidth(true);
        s.getStyleClass().add("edge-to-edge");
        return s;
    }

    // --- 1. question ------------------------------------------------------------------------

    private Node question() {
        ComboBox<String> template = new ComboBox<>();
        template.setId(ID_TEMPLATE);
        template.getItems().addAll("feature_flag", "canary", "fault_injection", "config_change", "incident_review");
        template.valueProperty().bindBidirectional(draft.template);
        Button apply = new Button(m.get("experiment.template.apply"));
        apply.setOnAction(e -> draft.applyTemplate());
        TextField name = field(ID_NAME, draft.name, "experiment.name.prompt");
        TextField question = field(ID_QUESTION, draft.question, "experiment.question.prompt");
        TextField change = field(null, draft.change, "experiment.change.prompt");
        Button open = new Button(m.get("experiment.plan.open"));
        open.setId("experiment-open-plan");
        open.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setInitialDirectory(folders.initial());
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("*.yaml, *.yml", "*.yaml", "*.yml"));
            File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) {
                folders.used(f);
                draft.openPlan(f.toPath());
            }
        });
        Button savePlan = new Button(m.get("experiment.plan.save"));
        savePlan.disableProperty().bind(draft.planProperty().isNull());
        savePlan.setOnAction(e -> save("plan.yaml", "*.yaml", draft::savePlan));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        GridPane g = grid();
        row(g, 0, "experiment.template", new HBox(6, template, apply, gap, open, savePlan));
        row(g, 1, "experiment.name", name);
        row(g, 2, "experiment.question", question);
        row(g, 3, "experiment.change", change);

        Label cohortsTitle = new Label(m.get("experiment.cohorts"));
        cohortsTitle.getStyleClass().add(Styles.SECTION_TITLE);
        Label cohortsHelp = muted("experiment.cohorts.help");
        ComboBox<ExperimentDraft.Proposal> proposals = new ComboBox<>(draft.proposals());
        proposals.setId(ID_PROPOSALS);
        proposals.setPromptText(m.get("experiment.proposals.prompt"));
        proposals.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(proposals, Priority.ALWAYS);
        Button use = new Button(m.get("experiment.proposals.use"));
        use.setMinWidth(Region.USE_PREF_SIZE);
        use.disableProperty().bind(proposals.valueProperty().isNull());
        use.setOnAction(e -> draft.applyProposal(proposals.getValue()));
        Button add = new Button(m.get("experiment.cohorts.add"));
        add.setOnAction(e -> draft.addCohort());
        draft.cohorts().addListener((ListChangeListener<CohortRow>) c -> {
            while (c.next()) {
                if (c.wasAdded() || c.wasRemoved()) {
                    buildCohortRows();
                    return;
                }
            }
        });
        buildCohortRows();
        return new VBox(10, g, cohortsTitle, cohortsHelp, new HBox(6, proposals, use), cohortRows, add);
    }

    private void buildCohortRows() {
        cohortRows.getChildren().clear();
        HBox head = new HBox(6, headLabel("experiment.cohort.name", 140), headLabel("experiment.cohort.where", -1),
                headLabel("experiment.cohort.share", 90), headLabel(null, 30));
        cohortRows.getChildren().add(head);
        int i = 0;
        for (CohortRow r : draft.cohorts()) {
            TextField name = new TextField();
            name.textProperty().bindBidirectional(r.name);
            name.setPrefWidth(140);
            name.setId("experiment-cohort-name-" + i);
            TextField where = new TextField();
            where.textProperty().bindBidirectional(r.where);
            where.setPromptText(m.get("experiment.cohort.where.prompt"));
            where.setId("experiment-cohort-where-" + i);
            HBox.setHgrow(where, Priority.ALWAYS);
            TextField share = new TextField();
            share.textProperty().bindBidirectional(r.share);
            share.setPrefWidth(90);
            share.setPromptText(m.get("experiment.cohort.share.prompt"));
            Button remove = new Button("\u2212");
            remove.setAccessibleText(m.get("experiment.cohort.remove"));
            remove.setOnAction(e -> draft.removeCohort(r));
            if (i == 0) {
                name.setTooltip(new javafx.scene.control.Tooltip(m.get("experiment.cohort.baseline")));
                name.getStyleClass().add("experiment-baseline");
            }
            HBox rowBox = new HBox(6, name, where, share, remove);
            rowBox.setAlignment(Pos.CENTER_LEFT);
            cohortRows.getChildren().add(rowBox);
            i++;
        }
    }

    // --- 2. hypothesis ----------------------------------------------------------------------

    private Node hypothesis() {
        GridPane g = grid();
        ComboBox<String> unit = combo(draft.unit, "trace", "span");
        TextField scope = field(ID_SCOPE, draft.scope, "experiment.scope.prompt");
        ComboBox<String> metric = combo(draft.metric, "latency", "error_rate", "throughput");
        ComboBox<String> statistic = combo(draft.statistic, "mean", "p50", "p90", "p95", "p99", "rate");
        ComboBox<String> hyp = combo(draft.hypothesis, "increase", "decrease", "no_worse_than");
        TextField effect = field(null, draft.minimumEffect, "experiment.effect.prompt");
        effect.setPrefColumnCount(8);
        ComboBox<String> worse = combo(draft.worse, "higher", "lower");
        worse.visibleProperty().bind(draft.hypothesis.isEqualTo("no_worse_than"));
        Label worseLabel = new Label(m.get("experiment.worse"));
        worseLabel.visibleProperty().bind(worse.visibleProperty());
        TextField covariates = field(ID_COVARIATES, draft.covariates, "experiment.covariates.prompt");
        TextField randomization = field(null, draft.randomizationUnit, "experiment.randomization.prompt");
        TextField alpha = field(null, draft.alpha, null);
        alpha.setPrefColumnCount(5);
        TextField power = field(null, draft.power, null);
        power.setPrefColumnCount(5);
        row(g, 0, "experiment.unit", unit);
        row(g, 1, "experiment.scope", scope);
        row(g, 2, "experiment.metric", new HBox(6, metric, statistic));
        row(g, 3, "experiment.hypothesis", new HBox(6, hyp, effect, worseLabel, worse));
        row(g, 4, "experiment.covariates", covariates);
        row(g, 5, "experiment.randomization", randomization);
        HBox levels = new HBox(6, new Label("alpha"), alpha, new Label("power"), power);
        levels.setAlignment(Pos.CENTER_LEFT);
        row(g, 6, "experiment.levels", levels);

        Label guardTitle = new Label(m.get("experiment.guardrails"));
        guardTitle.getStyleClass().add(Styles.SECTION_TITLE);
        Button addGuard = new Button(m.get("experiment.guardrails.add"));
        addGuard.setOnAction(e -> draft.addGuardrail());
        draft.guardrails().addListener((ListChangeListener<GuardrailRow>) c -> {
            while (c.next()) {
                if (c.wasAdded() || c.wasRemoved()) {
                    buildGuardrailRows();
                    return;
                }
            }
        });
        buildGuardrailRows();

        Label sentence = new Label();
        sentence.setId(ID_SENTENCE);
        sentence.setWrapText(true);
        sentence.getStyleClass().add("experiment-sentence");
        sentence.textProperty().bind(draft.sentenceProperty());
        Label power2 = new Label();
        power2.setId(ID_POWER);
        power2.setWrapText(true);
        power2.textProperty().bind(draft.powerTextProperty());
        Button check = new Button(m.get("experiment.power.check"));
        check.setMinWidth(Region.USE_PREF_SIZE);
        check.setOnAction(e -> draft.checkPower());
        check.disableProperty().bind(draft.planProperty().isNull());
        return new VBox(10, sentence, new HBox(8, check, power2), problemsLabel(), g, guardTitle,
                muted("experiment.guardrails.help"), guardrailRows, addGuard);
    }

    private void buildGuardrailRows() {
        guardrailRows.getChildren().clear();
        for (GuardrailRow r : draft.guardrails()) {
            ComboBox<String> metric = combo(r.metric, "error_rate", "latency", "throughput");
            ComboBox<String> statistic = combo(r.statistic, "", "mean", "p50", "p90", "p95", "p99");
            TextField margin = new TextField();
            margin.textProperty().bindBidirectional(r.margin);
            margin.setPromptText(m.get("experiment.guardrail.margin.prompt"));
            margin.setPrefColumnCount(8);
            Button remove = new Button("\u2212");
            remove.setAccessibleText(m.get("experiment.guardrail.remove"));
            remove.setOnAction(e -> draft.removeGuardrail(r));
            guardrailRows.getChildren().add(new HBox(6, metric, statistic, new Label(m.get(
                    "experiment.guardrail.max-increase")), margin, remove));
        }
    }

    private Label problemsLabel() {
        Label problems = new Label();
        problems.setId(ID_PROBLEMS);
        problems.setWrapText(true);
        problems.getStyleClass().add("experiment-problems");
        problems.textProperty().bind(Bindings.createStringBinding(() -> String.join("\n", draft.problems()),
                draft.problems()));
        problems.visibleProperty().bind(Bindings.isNotEmpty(draft.problems()));
        problems.managedProperty().bind(problems.visibleProperty());
        problems.setMinHeight(Region.USE_PREF_SIZE);
        return problems;
    }

    // --- 3. pre-register --------------------------------------------------------------------

    private Node register() {
        TextArea text = new TextArea();
        text.setId(ID_PLAN_TEXT);
        text.setEditable(false);
        text.getStyleClass().add("experiment-plan-text");
        text.setPrefRowCount(16);
        text.textProperty().bind(draft.planTextProperty());
        Button register = new Button(m.get("experiment.register"));
        register.setId(ID_REGISTER);
        register.getStyleClass().add("accent");
        register.disableProperty().bind(draft.planProperty().isNull().or(draft.busyProperty())
                .or(draft.registrationProperty().isNotNull()));
        register.setOnAction(e -> draft.register());
        Label registered = new Label();
        registered.setId(ID_REGISTERED);
        registered.setWrapText(true);
        registered.textProperty().bind(draft.registrationTextProperty());
        return new VBox(10, text, new HBox(8, register, registered), problemsLabel());
    }

    // --- 4. checks --------------------------------------------------------------------------

    private Node checksPane() {
        Button run = new Button(m.get("experiment.checks.run"));
        run.setId(ID_RUN);
        run.getStyleClass().add("accent");
        run.disableProperty().bind(draft.registrationProperty().isNull().or(draft.busyProperty()));
        run.setOnAction(e -> draft.runChecks());
        TableView<Check> table = new TableView<>(draft.checks());
        table.setId(ID_CHECKS);
        table.getColumns().add(column("experiment.checks.col.check", 170, Check::id));
        TableColumn<Check, String> status = column("experiment.checks.col.status", 110, c -> c.status().code());
        status.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("check-pass", "check-warn", "check-fail", "check-not_applicable");
                setText(empty ? null : item);
                if (!empty && item != null) {
                    getStyleClass().add("check-" + item);
                }
            }
        });
        table.getColumns().add(status);
        TableColumn<Check, String> finding = column("experiment.checks.col.finding", 560, Check::message);
        wrapping(finding);
        table.getColumns().add(finding);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.setPlaceholder(new Label(m.get("experiment.checks.empty")));
        Label why = new Label();
        why.setWrapText(true);
        why.setMinHeight(Region.USE_PREF_SIZE);
        Label next = new Label();
        next.setWrapText(true);
        next.setMinHeight(Region.USE_PREF_SIZE);
        next.getStyleClass().add(Styles.MUTED);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, c) -> {
            why.setText(c == null ? "" : m.format("experiment.checks.why", c.why()));
            next.setText(c == null ? "" : m.format("experiment.checks.next", c.next()));
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        return new VBox(10, run, table, why, next);
    }

    // --- 5. result --------------------------------------------------------------------------

    private Node result() {
        Label verdict = new Label();
        verdict.setId(ID_VERDICT);
        verdict.getStyleClass().add("experiment-verdict");
        Label summary = new Label();
        summary.setId(ID_SUMMARY);
        summary.setWrapText(true);
        Label rule = new Label();
        rule.setWrapText(true);
        rule.getStyleClass().add(Styles.MUTED);
        TableView<MetricVerdict> metrics = new TableView<>();
        metrics.getColumns().add(mcolumn("experiment.result.col.role", 90, MetricVerdict::role));
        metrics.getColumns().add(mcolumn("experiment.result.col.candidate", 110, MetricVerdict::candidate));
        metrics.getColumns().add(mcolumn("experiment.result.col.metric", 130,
                v -> v.estimate().metric() + " " + v.estimate().statistic()));
        TableColumn<MetricVerdict, String> effect = mcolumn("experiment.result.col.effect", 330,
                MetricVerdict::sentence);
        wrapping(effect);
        metrics.getColumns().add(effect);
        metrics.getColumns().add(mcolumn("experiment.result.col.decision", 110, MetricVerdict::decision));
        TableColumn<MetricVerdict, String> why = mcolumn("experiment.result.col.rule", 300, MetricVerdict::rule);
        wrapping(why);
        metrics.getColumns().add(why);
        metrics.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        metrics.setPrefHeight(200);
        metrics.setPlaceholder(new Label(m.get("experiment.result.empty")));
        Label notSaid = new Label();
        notSaid.setWrapText(true);
        notSaid.setMinHeight(Region.USE_PREF_SIZE);
        Label next = new Label();
        next.setWrapText(true);
        next.setMinHeight(Region.USE_PREF_SIZE);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        rule.setMinHeight(Region.USE_PREF_SIZE);
        draft.runProperty().addListener((o, a, r) -> {
            ExperimentResult res = r == null ? null : r.result();
            verdict.getStyleClass().removeIf(s -> s.startsWith("verdict-"));
            if (res == null) {
                verdict.setText("");
                summary.setText("");
                rule.setText("");
                metrics.getItems().clear();
                notSaid.setText("");
                next.setText("");
                return;
            }
            verdict.setText(m.format("experiment.result.verdict", res.verdict()));
            verdict.getStyleClass().add("verdict-" + res.verdict());
            summary.setText(res.summary().replaceFirst("^Verdict: [a-z_]+\\. ", ""));
            rule.setText(m.format("experiment.result.rule", res.decisionRule()));
            metrics.getItems().setAll(res.primary());
            metrics.getItems().addAll(res.guardrails());
            notSaid.setText(m.get("experiment.result.not-said") + "\n\u2022 " + String.join("\n\u2022 ",
                    res.notSaid()));
            next.setText(res.nextSteps().isEmpty() ? m.get("experiment.result.no-next") : m.get(
                    "experiment.result.next") + "\n\u2022 " + String.join("\n\u2022 ", res.nextSteps()));
        });
        return new VBox(10, verdict, summary, metrics, rule, notSaid, next);
    }

    // --- 6. report --------------------------------------------------------------------------

    private Node report() {
        Button html = new Button(m.get("experiment.report.html"));
        html.setId("experiment-save-html");
        html.setOnAction(e -> save("report.html", "*.html", draft::saveReport));
        Button md = new Button(m.get("experiment.report.md"));
        md.setOnAction(e -> save("report.md", "*.md", draft::saveReport));
        Button json = new Button(m.get("experiment.report.json"));
        json.setOnAction(e -> save("result.json", "*.json", draft::saveReport));
        Button bundle = new Button(m.get("experiment.report.bundle"));
        bundle.setOnAction(e -> save("bundle.zip", "*.zip", draft::saveBundle));
        for (Button b : List.of(html, md, json, bundle)) {
            b.disableProperty().bind(draft.runProperty().isNull());
        }
        return new VBox(10, muted("experiment.report.help"), new HBox(8, html, md, json), muted(
                "experiment.report.bundle.help"), bundle);
    }

    private void save(String suggested, String pattern, java.util.function.Consumer<java.nio.file.Path> action) {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName(suggested);
        chooser.setInitialDirectory(folders.initial());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(pattern, pattern));
        File f = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            folders.used(f);
            action.accept(f.toPath());
        }
    }

    // --- helpers ----------------------------------------------------------------------------

    private TextField field(String id, javafx.beans.property.StringProperty p, String prompt) {
        TextField f = new TextField();
        if (id != null) {
            f.setId(id);
        }
        f.textProperty().bindBidirectional(p);
        if (prompt != null) {
            f.setPromptText(m.get(prompt));
        }
        f.setPrefColumnCount(40);
        return f;
    }

    private static ComboBox<String> combo(javafx.beans.property.StringProperty p, String... items) {
        ComboBox<String> c = new ComboBox<>();
        c.getItems().addAll(items);
        c.valueProperty().bindBidirectional(p);
        return c;
    }

    private GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        return g;
    }

    private void row(GridPane g, int row, String label, Node field) {
        Label l = new Label(m.get(label));
        l.setMinWidth(Region.USE_PREF_SIZE);
        g.add(l, 0, row);
        g.add(field, 1, row);
        GridPane.setHgrow(field, Priority.ALWAYS);
    }

    private Label muted(String key) {
        Label l = new Label(m.get(key));
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.getStyleClass().add(Styles.MUTED);
        return l;
    }

    private Label headLabel(String key, double width) {
        Label l = new Label(key == null ? "" : m.get(key));
        l.getStyleClass().add(Styles.MUTED);
        if (width > 0) {
            l.setPrefWidth(width);
        } else {
            HBox.setHgrow(l, Priority.ALWAYS);
            l.setMaxWidth(Double.MAX_VALUE);
        }
        return l;
    }

    /** Cells that wrap their text to the column's width, so a finding is read whole. */
    private static <S> void wrapping(TableColumn<S, String> column) {
        column.setCellFactory(c -> {
            javafx.scene.control.TableCell<S, String> cell = new javafx.scene.control.TableCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(null);
                    if (empty || item == null) {
                        setGraphic(null);
                        return;
                    }
                    Label l = new Label(item);
                    l.setWrapText(true);
                    l.setMinHeight(Region.USE_PREF_SIZE);
                    l.maxWidthProperty().bind(column.widthProperty().subtract(12));
                    setGraphic(l);
                }
            };
            return cell;
        });
    }

    private TableColumn<Check, String> column(String key, double width, Function<Check, String> value) {
        TableColumn<Check, String> c = new TableColumn<>(m.get(key));
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    private TableColumn<MetricVerdict, String> mcolumn(String key, double width,
                                                       Function<MetricVerdict, String> value) {
        TableColumn<MetricVerdict, String> c = new TableColumn<>(m.get(key));
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }
}
