package io.prodlab.ui.experiment;

import io.prodlab.compare.CohortShortcuts;
import io.prodlab.experiment.AtomicFile;
import io.prodlab.experiment.Check;
import io.prodlab.experiment.ExperimentPlan;
import io.prodlab.experiment.ExperimentResult;
import io.prodlab.experiment.ExperimentRunner;
import io.prodlab.experiment.ExperimentService;
import io.prodlab.experiment.PlanException;
import io.prodlab.experiment.PlanParser;
import io.prodlab.experiment.PlanProblem;
import io.prodlab.experiment.PlanYaml;
import io.prodlab.experiment.PowerPreview;
import io.prodlab.report.ExperimentBundle;
import io.prodlab.report.ExperimentReport;
import io.prodlab.store.ExperimentRegistry;
import io.prodlab.store.Workspace;
import io.prodlab.store.WriteAccess;
import io.prodlab.ui.common.BackgroundTask;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.TaskRunner;
import io.prodlab.ui.common.WorkspaceSession;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The guided experiment, one draft shared by its steps (STYLE.md: a step never reads another
 * step's controls): the plan's fields as typed, the plan they make (or the problems that stop it),
 * the power preview, the registration, and the result. Steps open in order: no result before the
 * plan is registered.
 */
public final class ExperimentDraft {
    /** The steps of the flow, in order. */
    public enum Step {
        QUESTION, HYPOTHESIS, REGISTER, CHECKS, RESULT, REPORT;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One cohort row of the form. */
    public static final class CohortRow {
        public final StringProperty name = new SimpleStringProperty("");
        public final StringProperty where = new SimpleStringProperty("");
        public final StringProperty share = new SimpleStringProperty("");
        /** What a loaded plan gives the cohort that the form has no field for: kept, and written back. */
        private final ExperimentPlan.Window window;
        private final String variant;

        public CohortRow(String name, String where, String share) {
            this(name, where, share, null, "");
        }

        CohortRow(String name, String where, String share, ExperimentPlan.Window window, String variant) {
            this.name.set(name);
            this.where.set(where);
            this.share.set(share);
            this.window = window;
            this.variant = variant;
        }
    }

    /** One guardrail row of the form. */
    public static final class GuardrailRow {
        public final StringProperty metric = new SimpleStringProperty("error_rate");
        public final StringProperty statistic = new SimpleStringProperty("");
        public final StringProperty margin = new SimpleStringProperty("");

        public GuardrailRow(String metric, String statistic, String margin) {
            this.metric.set(metric);
            this.statistic.set(statistic);
            this.margin.set(margin);
        }
    }

    /** Cohorts the workspace suggests, with what they hold. */
    public record Proposal(String title, List<PlanYaml.CohortFields> cohorts, String counts) {
        @Override
        public String toString() {
            return title + " (" + counts + ")";
        }
    }

    private final WorkspaceSession session;
    private final TaskRunner runner;
    private final Messages messages;
    private final Clock clock;

    public final StringProperty template = new SimpleStringProperty("feature_flag");
    public final StringProperty name = new SimpleStringProperty("");
    public final StringProperty question = new SimpleStringProperty("");
    public final StringProperty change = new SimpleStringProperty("");
    public final StringProperty unit = new SimpleStringProperty("trace");
    public final StringProperty randomizationUnit = new SimpleStringProperty("");
    /** A loaded plan's window and exposure flag, which the form shows in the plan's text only: kept as loaded. */
    private ExperimentPlan.Window window;
    private String exposureFlag = "";
    public final StringProperty scope = new SimpleStringProperty("");
    public final StringProperty metric = new SimpleStringProperty("latency");
    public final StringProperty statistic = new SimpleStringProperty("mean");
    public final StringProperty hypothesis = new SimpleStringProperty("increase");
    public final StringProperty minimumEffect = new SimpleStringProperty("5%");
    public final StringProperty worse = new SimpleStringProperty("higher");
    public final StringProperty covariates = new SimpleStringProperty("");
    public final StringProperty alpha = new SimpleStringProperty("0.05");
    public final StringProperty power = new SimpleStringProperty("0.8");
    private final ObservableList<CohortRow> cohorts = FXCollections.observableArrayList(
            r -> new Observable[] {r.name, r.where, r.share});
    private final ObservableList<GuardrailRow> guardrails = FXCollections.observableArrayList(
            r -> new Observable[] {r.metric, r.statistic, r.margin});
    private final ObservableList<Proposal> proposals = FXCollections.observableArrayList();

    private final ReadOnlyIntegerWrapper step = new ReadOnlyIntegerWrapper(this, "step", 0);
    private final ReadOnlyStringWrapper planText = new ReadOnlyStringWrapper(this, "planText", "");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ExperimentPlan> plan = new ReadOnlyObjectWrapper<>(this, "plan");
    private final ReadOnlyStringWrapper sentence = new ReadOnlyStringWrapper(this, "sentence", "");
    private final ReadOnlyStringWrapper powerText = new ReadOnlyStringWrapper(this, "powerText", "");
    private final ReadOnlyObjectWrapper<ExperimentRegistry.Registration> registration =
            new ReadOnlyObjectWrapper<>(this, "registration");
    private final ReadOnlyStringWrapper registrationText = new ReadOnlyStringWrapper(this, "registrationText", "");
    private final ReadOnlyObjectWrapper<ExperimentService.Run> run = new ReadOnlyObjectWrapper<>(this, "run");
    private final ObservableList<Check> checks = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper canNext = new ReadOnlyBooleanWrapper(this, "canNext");
    private String planYaml = "";

    public ExperimentDraft(WorkspaceSession session, TaskRunner runner, Messages messages, Clock clock) {
        this.session = session;
        this.runner = runner;
        this.messages = messages;
        this.clock = clock;
        for (StringProperty p : List.of(template, name, question, change, unit, randomizationUnit, scope, metric,
                statistic, hypothesis, minimumEffect, worse, covariates, alpha, power)) {
            p.addListener((o, a, b) -> rebuild());
        }
        cohorts.addListener((javafx.collections.ListChangeListener<CohortRow>) c -> rebuild());
        guardrails.addListener((javafx.collections.ListChangeListener<GuardrailRow>) c -> rebuild());
        step.addListener((o, a, b) -> updateCanNext());
        registration.addListener((o, a, b) -> updateCanNext());
        run.addListener((o, a, b) -> updateCanNext());
        session.revisionProperty().addListener((o, a, b) -> reset());
        applyTemplate();
    }

    // --- the form ---------------------------------------------------------------------------

    /** Fills the form with what the template's kind of study usually compares. */
    public void applyTemplate() {
        String t = template.get();
        window = null;
        exposureFlag = "";
        cohorts.clear();
        guardrails.clear();
        switch (t) {
            case "canary" -> {
                cohorts.add(new CohortRow("baseline", "service.version = \"1.0\"", "0.5"));
                cohorts.add(new CohortRow("canary", "service.version = \"1.1\"", "0.5"));
                hypothesis.set("no_worse_than");
                minimumEffect.set("5%");
            }
            case "fault_injection" -> {
                cohorts.add(new CohortRow("steady-state", "", ""));
                cohorts.add(new CohortRow("fault", "", ""));
                hypothesis.set("no_worse_than");
                minimumEffect.set("20%");
            }
            case "incident_review" -> {
                cohorts.add(new CohortRow("week-before", "", ""));
                cohorts.add(new CohortRow("incident", "", ""));
                hypothesis.set("increase");
                minimumEffect.set("10%");
            }
            case "config_change" -> {
                cohorts.add(new CohortRow("before", "", ""));
                cohorts.add(new CohortRow("after", "", ""));
                hypothesis.set("decrease");
                minimumEffect.set("5%");
            }
            default -> {
                cohorts.add(new CohortRow("control", "feature_flag.result.variant = \"control\"", "0.5"));
                cohorts.add(new CohortRow("treatment", "feature_flag.result.variant = \"treatment\"", "0.5"));
                hypothesis.set("increase");
                minimumEffect.set("5%");
            }
        }
        worse.set("higher");
        guardrails.add(new GuardrailRow("error_rate", "", "1pp"));
        rebuild();
    }

    /** Replaces the cohorts with a proposal's. */
    public void applyProposal(Proposal p) {
        cohorts.setAll(p.cohorts().stream().map(c -> new CohortRow(c.name(), c.where(), c.expectedShare())).toList());
    }

    public void addCohort() {
        if (cohorts.size() < 8) {
            cohorts.add(new CohortRow("cohort-" + (cohorts.size() + 1), "", ""));
        }
    }

    public void removeCohort(CohortRow row) {
        cohorts.remove(row);
    }

    public void addGuardrail() {
        guardrails.add(new GuardrailRow("latency", "p99", "10%"));
    }

    public void removeGuardrail(GuardrailRow row) {
        guardrails.remove(row);
    }

    /** Reads a plan file (off the FX thread) into the form. */
    public void openPlan(Path file) {
        BackgroundTask.of(() -> {
            if (Files.size(file) > 1 << 20) {
                throw new java.io.IOException(file + " is over 1 MiB: not a plan");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        }).titled(messages.get("experiment.task.open"))
                .onSuccess(this::loadPlan)
                .onError(e -> message.set(messages.format("experiment.open.failed", file.toString(), e.getMessage())))
                .executeWith(runner);
    }

    /** Writes the form's plan as YAML (atomically). */
    public void savePlan(Path file) {
        String text = planYaml;
        BackgroundTask.of(() -> {
            AtomicFile.writeString(file, text);
            return file;
        }).titled(messages.get("experiment.task.save-plan"))
                .onSuccess(f -> message.set(messages.format("experiment.plan.saved", f.toString())))
                .onError(e -> message.set(e.getMessage()))
                .executeWith(runner);
    }

    /** Fills the form from a plan file's text; its problems are shown as for a typed plan. */
    public void loadPlan(String text) {
        try {
            PlanYaml.Fields f = PlanYaml.fields(PlanParser.parse(text, "the plan"));
            window = f.window();
            exposureFlag = f.exposureFlag();
            template.set(f.template());
            name.set(f.name());
            question.set(f.question());
            change.set(f.change());
            unit.set(f.unit());
            randomizationUnit.set(f.randomizationUnit());
            scope.set(f.scope());
            metric.set(f.metric());
            statistic.set(f.statistic());
            hypothesis.set(f.hypothesis());
            minimumEffect.set(f.minimumEffect());
            worse.set(f.worse().isEmpty() ? "higher" : f.worse());
            covariates.set(String.join(", ", f.covariates()));
            alpha.set(f.alpha());
            power.set(f.power());
            cohorts.setAll(f.cohorts().stream().map(c -> new CohortRow(c.name(), c.where(), c.expectedShare(),
                    c.window(), c.variant())).toList());
            guardrails.setAll(f.guardrails().stream().map(g -> new GuardrailRow(g.metric(), g.statistic(),
                    g.margin())).toList());
            message.set("");
        } catch (PlanException e) {
            message.set(e.getMessage());
        }
    }

    private PlanYaml.Fields fields() {
        List<String> cov = Arrays.stream(covariates.get().split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
        return new PlanYaml.Fields(name.get(), question.get(), change.get(), template.get(), unit.get(),
                randomizationUnit.get(), cohorts.stream().map(c -> new PlanYaml.CohortFields(c.name.get(),
                c.where.get(), c.share.get(), c.window, c.variant)).toList(), scope.get(), metric.get(),
                statistic.get(), hypothesis.get(), minimumEffect.get(),
                hypothesis.get().equals("no_worse_than") ? worse.get() : "",
                guardrails.stream().map(g -> new PlanYaml.GuardrailFields(g.metric.get(), g.statistic.get(),
                        "max_increase", g.margin.get())).toList(), cov, alpha.get(), power.get(), window, exposureFlag);
    }

    /** Writes the plan from the form and reads it back: the same checks as a plan file gets. */
    private void rebuild() {
        planYaml = PlanYaml.write(fields());
        planText.set(planYaml);
        try {
            ExperimentPlan p = PlanParser.parse(planYaml, "the plan");
            plan.set(p);
            problems.clear();
            sentence.set(sentenceOf(p));
        } catch (PlanException e) {
            plan.set(null);
            problems.setAll(e.problems().stream().map(PlanProblem::toString).map(s -> s.replaceFirst("^line \\d+, ",
                    "")).toList());
            sentence.set("");
        }
        powerText.set("");
        updateCanNext();
    }

    /** "Changing X for population P will change metric M by at least Δ in direction D." */
    private String sentenceOf(ExperimentPlan p) {
        ExperimentPlan.MetricPlan m = p.primary();
        String metricWords = m.metric().equals("error_rate") ? messages.get("experiment.words.error-rate")
                : m.metric().equals("throughput") ? messages.get("experiment.words.throughput")
                : messages.format("experiment.words.latency", m.statistic());
        String population = p.scope().isEmpty() ? messages.get("experiment.words.all-spans") : p.scope();
        String change = p.change().isEmpty() ? p.cohorts().get(1).name() : p.change();
        String key = switch (m.hypothesis()) {
            case INCREASE -> "experiment.sentence.increase";
            case DECREASE -> "experiment.sentence.decrease";
            case NO_WORSE_THAN -> m.worseHigher() ? "experiment.sentence.no-worse-higher"
                    : "experiment.sentence.no-worse-lower";
        };
        return messages.format(key, change, population, metricWords, m.minimumEffect().text(), p.unit(),
                p.cohorts().get(0).name());
    }

    // --- steps ------------------------------------------------------------------------------

    public void next() {
        if (canNext.get() && step.get() < Step.values().length - 1) {
            step.set(step.get() + 1);
            if (step.get() == Step.HYPOTHESIS.ordinal()) {
                checkPower();
            }
        }
    }

    public void back() {
        if (step.get() > 0) {
            step.set(step.get() - 1);
        }
    }

    /** Goes to a step already open (one before the first the flow has not reached). */
    public void goTo(Step s) {
        if (s.ordinal() <= step.get() || s.ordinal() <= furthest()) {
            step.set(s.ordinal());
        }
    }

    private int furthest() {
        if (run.get() != null) {
            return Step.REPORT.ordinal();
        }
        if (registration.get() != null) {
            return Step.CHECKS.ordinal();
        }
        return plan.get() == null ? Step.HYPOTHESIS.ordinal() : Step.REGISTER.ordinal();
    }

    private void updateCanNext() {
        Step s = Step.values()[step.get()];
        canNext.set(switch (s) {
            case QUESTION -> cohorts.size() >= 2 && !name.get().isBlank() && !question.get().isBlank();
            case HYPOTHESIS -> plan.get() != null;
            case REGISTER -> registration.get() != null;
            case CHECKS, RESULT -> run.get() != null;
            case REPORT -> false;
        });
    }

    private void reset() {
        registration.set(null);
        registrationText.set("");
        run.set(null);
        checks.clear();
        proposals.clear();
        step.set(0);
        loadProposals();
    }

    // --- background work --------------------------------------------------------------------

    /** Asks the workspace which cohorts it can offer: versions, flag variants (with counts). */
    public void loadProposals() {
        if (!session.isOpen()) {
            return;
        }
        BackgroundTask.of(() -> {
            List<Proposal> out = new ArrayList<>();
            for (CohortShortcuts.Suggestion s : new CohortShortcuts(session.workspace()).suggest()) {
                List<PlanYaml.CohortFields> cs = new ArrayList<>();
                StringBuilder counts = new StringBuilder();
                for (CohortShortcuts.CohortCount c : s.cohorts()) {
                    if (c.cohort().window() != null) {
                        continue;
                    }
                    cs.add(new PlanYaml.CohortFields(c.cohort().name(), c.cohort().filter(), ""));
                    counts.append(counts.length() == 0 ? "" : ", ").append(c.cohort().name()).append(' ')
                            .append(c.traces()).append(' ').append(messages.get("experiment.words.traces"));
                }
                if (cs.size() >= 2) {
                    out.add(new Proposal(s.title(), cs, counts.toString()));
                }
            }
            return out;
        }).titled(messages.get("experiment.task.proposals"))
                .onSuccess(proposals::setAll)
                .executeWith(runner);
    }

    /** The power preview: can this data detect the minimum effect? No difference is computed. */
    public void checkPower() {
        ExperimentPlan p = plan.get();
        if (p == null || !session.isOpen()) {
            return;
        }
        powerText.set(messages.get("experiment.power.working"));
        BackgroundTask.of(() -> new ExperimentRunner(session.workspace()).preview(p))
                .titled(messages.get("experiment.task.power"))
                .onSuccess(list -> {
                    if (plan.get() != p) {
                        return;
                    }
                    StringBuilder sb = new StringBuilder();
                    for (PowerPreview.Candidate c : list) {
                        if (sb.length() > 0) {
                            sb.append('\n');
                        }
                        sb.append(Double.isNaN(c.minimumDetectable())
                                ? messages.format("experiment.power.none", c.name(), c.baselineN(), c.candidateN())
                                : messages.format(c.detectable() ? "experiment.power.ok" : "experiment.power.low",
                                c.name(), c.baselineN(), c.candidateN(), withUnit(p, c.minimumDetectable()),
                                withUnit(p, c.planned()), p.power()));
                    }
                    powerText.set(sb.toString());
                })
                .onError(e -> powerText.set(e.getMessage()))
                .executeWith(runner);
    }

    /** Freezes the plan in the workspace (hash and time); after this a result can be shown. */
    public void register() {
        ExperimentPlan p = plan.get();
        if (p == null || busy.get()) {
            return;
        }
        String text = planYaml;
        busy.set(true);
        BackgroundTask.of(() -> {
            Workspace ws = session.workspace();
            ExperimentService s = new ExperimentService(ws, clock);
            ExperimentRegistry.Registration existing = new ExperimentRegistry(ws).find(p.name());
            return existing != null ? existing : s.register(p, text);
        }).titled(messages.get("experiment.task.register"))
                .onSuccess(r -> {
                    registration.set(r);
                    registrationText.set(messages.format(r.sha256().equals(ExperimentService.sha256(p))
                            ? "experiment.registered" : "experiment.registered.deviating", r.registeredAt()
                            .toString(), r.sha256()));
                    message.set("");
                })
                .onError(e -> message.set(e.getMessage()))
                .andFinally(() -> busy.set(false))
                .executeWith(runner);
    }

    /** Runs the registered plan: the bias checks and the verdict (a look, recorded). */
    public void runChecks() {
        ExperimentPlan p = plan.get();
        if (p == null || registration.get() == null || busy.get()) {
            return;
        }
        busy.set(true);
        message.set(messages.get("experiment.checks.working"));
        BackgroundTask.of(() -> new ExperimentService(session.workspace(), clock).run(p,
                        ExperimentRunner.Options.defaults()))
                .titled(messages.get("experiment.task.run"))
                .onSuccess(r -> {
                    run.set(r);
                    checks.setAll(r.result().checks());
                    message.set("");
                })
                .onError(e -> message.set(e.getMessage()))
                .andFinally(() -> busy.set(false))
                .executeWith(runner);
    }

    /** Writes the report: HTML (self-contained), Markdown or JSON, by the file's ending. */
    public void saveReport(Path file) {
        ExperimentService.Run r = run.get();
        if (r == null) {
            return;
        }
        ExperimentReport.Input in = new ExperimentReport.Input(plan.get(), r.registration(), r.result());
        BackgroundTask.of(() -> {
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            String body = n.endsWith(".md") ? ExperimentReport.markdown(in)
                    : n.endsWith(".json") ? new com.fasterxml.jackson.databind.ObjectMapper()
                    .writerWithDefaultPrettyPrinter().writeValueAsString(ExperimentReport.json(in))
                    : ExperimentReport.html(in);
            AtomicFile.writeString(file, body);
            return file;
        }).titled(messages.get("experiment.task.report"))
                .onSuccess(f -> message.set(messages.format("experiment.report.saved", f.toString())))
                .onError(e -> message.set(e.getMessage()))
                .executeWith(runner);
    }

    /** Writes the reproducible bundle (plan, registration, spans as Parquet, figures). */
    public void saveBundle(Path file) {
        ExperimentService.Run r = run.get();
        ExperimentPlan p = plan.get();
        if (r == null || p == null) {
            return;
        }
        String text = planYaml;
        BackgroundTask.of(() -> {
            Workspace ws = session.workspace();
            try (WriteAccess ignored = ws.beginWrite()) {
                ExperimentBundle.write(ws, p, text, r, ExperimentRunner.Options.defaults(), file);
            }
            return file;
        }).titled(messages.get("experiment.task.bundle"))
                .onSuccess(f -> message.set(messages.format("experiment.bundle.saved", f.toString())))
                .onError(e -> message.set(e.getMessage()))
                .executeWith(runner);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** An effect in the primary metric's unit: ms, percentage points, per second. */
    private static String withUnit(ExperimentPlan p, double v) {
        return switch (p.primary().metric()) {
            case "latency" -> num(v) + " ms";
            case "error_rate" -> num(100 * v) + " pp";
            case "throughput" -> num(v) + "/s";
            default -> num(v);
        };
    }

    // --- what the view shows ----------------------------------------------------------------

    public ReadOnlyIntegerProperty stepProperty() {
        return step.getReadOnlyProperty();
    }

    public Step currentStep() {
        return Step.values()[step.get()];
    }

    public ObservableList<CohortRow> cohorts() {
        return cohorts;
    }

    public ObservableList<GuardrailRow> guardrails() {
        return guardrails;
    }

    public ObservableList<Proposal> proposals() {
        return proposals;
    }

    public ReadOnlyStringProperty planTextProperty() {
        return planText.getReadOnlyProperty();
    }

    /** What stops the form from being a plan, field by field. */
    public ObservableList<String> problems() {
        return problems;
    }

    public ReadOnlyObjectProperty<ExperimentPlan> planProperty() {
        return plan.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sentenceProperty() {
        return sentence.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty powerTextProperty() {
        return powerText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ExperimentRegistry.Registration> registrationProperty() {
        return registration.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty registrationTextProperty() {
        return registrationText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ExperimentService.Run> runProperty() {
        return run.getReadOnlyProperty();
    }

    public ExperimentResult result() {
        return run.get() == null ? null : run.get().result();
    }

    public ObservableList<Check> checks() {
        return checks;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** What the last action said (a failure, a saved file), or empty. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canNextProperty() {
        return canNext.getReadOnlyProperty();
    }
}
