package io.prodlab.cli;

import io.prodlab.experiment.AtomicFile;
import io.prodlab.experiment.Check;
import io.prodlab.experiment.ExperimentPlan;
import io.prodlab.experiment.ExperimentResult;
import io.prodlab.experiment.ExperimentRunner;
import io.prodlab.experiment.ExperimentService;
import io.prodlab.experiment.Lessons;
import io.prodlab.experiment.PlanParser;
import io.prodlab.report.ExperimentBundle;
import io.prodlab.report.ExperimentReport;
import io.prodlab.store.ExperimentRegistry;
import io.prodlab.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Plan, register and run an experiment on a workspace's traces.",
                "A plan (YAML) names the question, the cohorts, the primary metric with its hypothesis and "
                        + "minimum effect, guardrails and covariates. It is checked, then registered (frozen and "
                        + "hashed) before any result is shown; a run checks it for bias and gives a verdict."},
        subcommands = {ExperimentCommand.CheckPlan.class, ExperimentCommand.Register.class,
                ExperimentCommand.Run.class, ExperimentCommand.Rerun.class, ExperimentCommand.WriteLessons.class})
final class ExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.USAGE;
    }

    static String readPlan(Path file) throws BadInputException {
        try {
            if (Files.size(file) > 1 << 20) {
                throw new BadInputException(file + ": is " + Files.size(file) + " bytes; a plan is a short YAML file "
                        + "(at most 1 MiB).");
            }
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file.");
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + ": is not UTF-8 text; expected a YAML plan.");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot be read (" + e.getMessage() + ").");
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validate a plan without reading any data: every problem, with its line and field.",
                    "Exit 0 when the plan is valid, 3 when it is not."})
    static final class CheckPlan implements Callable<Integer> {
        @Parameters(paramLabel = "PLAN.yaml")
        Path plan;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ExperimentPlan p = PlanParser.parse(readPlan(plan), plan.toString());
            PrintWriter out = spec.commandLine().getOut();
            out.println(plan + ": a valid " + p.template().code() + " plan \"" + p.name() + "\": " + p.cohorts().size()
                    + " cohorts (baseline " + p.cohorts().get(0).name() + "), unit " + p.unit() + ", primary "
                    + p.primary().metric() + " " + p.primary().statistic() + " " + p.primary().hypothesis().code()
                    + " by " + p.primary().minimumEffect() + ", " + p.guardrails().size() + " guardrails, sha256 "
                    + ExperimentService.sha256(p) + ".");
            out.flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Pre-register a plan in the workspace: frozen, hashed (sha256) and time-stamped. ",
                    "Results are shown only for registered plans; later edits are recorded as deviations."})
    static final class Register implements Callable<Integer> {
        @Mixin
        Options.WorkspaceOption ws;

        @Parameters(paramLabel = "PLAN.yaml")
        Path plan;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String text = readPlan(plan);
            ExperimentPlan p = PlanParser.parse(text, plan.toString());
            ExperimentRegistry.Registration r;
            try (Workspace w = Workspace.open(ws.workspace, "registering an experiment plan")) {
                r = new ExperimentService(w, Clock.systemUTC()).register(p, text);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Registered \"" + r.name() + "\" in " + ws.workspace + " at " + r.registeredAt() + ", sha256 "
                    + r.sha256() + ".");
            out.flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run a registered plan: estimates, bias checks and the verdict.",
                    "Each run is recorded as a look; edits since registration are recorded as deviations."})
    static final class Run implements Callable<Integer> {
        @Mixin
        Options.WorkspaceOption ws;

        @Parameters(paramLabel = "PLAN.yaml")
        Path plan;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Option(names = "--report", paramLabel = "FILE", description = "Also write a report: FILE.html (self-"
                + "contained, opens offline) or FILE.md (Markdown).")
        Path report;

        @Option(names = "--bundle", paramLabel = "FILE.zip", description = "Also write a reproducible bundle: the "
                + "plan, its registration and history, the cohorts' spans (Parquet) and the figures; "
                + "'prodlab experiment rerun' re-runs it to the same figures on any machine.")
        Path bundle;

        @Option(names = "--resamples", defaultValue = "2000", paramLabel = "N",
                description = "Bootstrap resamples for percentiles (default: ${DEFAULT-VALUE}).")
        int resamples;

        @Option(names = "--seed", defaultValue = "42", description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}).")
        long seed;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (resamples < 2) {
                throw new BadInputException("--resamples must be at least 2.");
            }
            String name = report == null ? "" : report.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (report != null && !name.endsWith(".html") && !name.endsWith(".htm") && !name.endsWith(".md")) {
                throw new BadInputException("--report " + report + ": expected a file ending in .html or .md.");
            }
            String text = readPlan(plan);
            ExperimentPlan p = PlanParser.parse(text, plan.toString());
            ExperimentService.Run run;
            ExperimentRunner.Options options = new ExperimentRunner.Options(resamples, seed);
            try (Workspace w = Workspace.open(ws.workspace, "running an experiment")) {
                run = new ExperimentService(w, Clock.systemUTC()).run(p, options);
                if (bundle != null) {
                    ExperimentBundle.write(w, p, text, run, options, bundle);
                }
            }
            ExperimentReport.Input in = new ExperimentReport.Input(p, run.registration(), run.result());
            if (report != null) {
                String body = name.endsWith(".md") ? ExperimentReport.markdown(in) : ExperimentReport.html(in);
                AtomicFile.writeString(report, body);
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            run.result().warnings().forEach(x -> err.println("prodlab: warning: " + x));
            err.flush();
            if (json) {
                Json.write(out, ExperimentReport.json(in));
            } else {
                print(out, run.result());
            }
            out.flush();
            return ExitCode.OK;
        }

        private static void print(PrintWriter out, ExperimentResult r) {
            out.println(r.summary());
            out.println();
            TextTable t = new TextTable(List.of("check", "status", "finding"));
            for (Check c : r.checks()) {
                t.add(List.of(c.id(), c.status().code(), c.message()));
            }
            t.print(out);
            if (!r.guardrails().isEmpty()) {
                out.println();
                r.guardrails().forEach(g -> out.println("guardrail " + g.estimate().metric() + " "
                        + g.estimate().statistic() + " (" + g.candidate() + "): " + g.decision() + ", " + g.rule()
                        + "; " + g.sentence()));
            }
            if (!r.deviations().isEmpty()) {
                out.println();
                r.deviations().forEach(d -> out.println("deviation: " + d));
            }
            out.println();
            out.println("Decision rule: " + r.decisionRule());
        }
    }

    @Command(name = "rerun", mixinStandardHelpOptions = true,
            description = {"Re-run a bundle written by 'experiment run --bundle' on its own data, and say whether the "
                    + "figures are identical to the bundle's.",
                    "Exit 0 when they are, 1 when any figure differs (each difference is printed)."})
    static final class Rerun implements Callable<Integer> {
        @Parameters(paramLabel = "BUNDLE.zip")
        Path bundle;

        @Option(names = "--json", description = "Print the re-run's result as JSON.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(bundle)) {
                throw new BadInputException(bundle + ": no such file.");
            }
            Path work = Files.createTempDirectory("prodlab-bundle-");
            ExperimentBundle.Rerun r;
            try {
                r = ExperimentBundle.rerun(bundle, work);
            } finally {
                try (var walk = Files.walk(work)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Json.write(out, r.json());
            } else {
                out.println(r.run().result().summary());
            }
            PrintWriter err = spec.commandLine().getErr();
            if (r.identical()) {
                err.println("prodlab: the re-run's figures are identical to the bundle's.");
            } else {
                err.println("prodlab: the re-run differs from the bundle in " + r.differences().size() + " places:");
                r.differences().forEach(d -> err.println("  " + d));
            }
            out.flush();
            err.flush();
            return r.identical() ? ExitCode.OK : ExitCode.CHECK_FAILED;
        }
    }

    @Command(name = "lessons", mixinStandardHelpOptions = true,
            description = {"Write the teaching datasets: one folder per lesson with its traces, its plan and the "
                    + "truth the workbench must reach (truth.json).",
                    "Import a lesson's traces, register its plan and run it to see the trap it teaches."})
    static final class WriteLessons implements Callable<Integer> {
        @Parameters(paramLabel = "DIR")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Lessons.writeAll(dir);
            PrintWriter out = spec.commandLine().getOut();
            for (Lessons.Lesson l : Lessons.all()) {
                out.println(dir.resolve(l.name()) + ": " + l.title());
            }
            out.flush();
            return ExitCode.OK;
        }
    }
}
