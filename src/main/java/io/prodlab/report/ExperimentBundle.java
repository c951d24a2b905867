package io.prodlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.prodlab.compare.CohortException;
import io.prodlab.error.ErrorCategory;
import io.prodlab.error.ProdlabException;
import io.prodlab.experiment.AtomicFile;
import io.prodlab.experiment.ExperimentPlan;
import io.prodlab.experiment.ExperimentRunner;
import io.prodlab.experiment.ExperimentService;
import io.prodlab.experiment.PlanException;
import io.prodlab.experiment.PlanParser;
import io.prodlab.query.SqlFilter;
import io.prodlab.store.ExperimentArchive;
import io.prodlab.store.ExperimentRegistry;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A reproducible bundle of one experiment run: the plan as run, the plan as registered with its
 * hash, time and history (deviations, earlier looks), the options, every span of the traces the
 * cohorts select (Parquet), and the figures the run produced. {@link #rerun} rebuilds a workspace
 * from it on any machine and runs the plan again; the figures must come out identical.
 */
public final class ExperimentBundle {
    /** Names of the bundle's entries; nothing else is read from a bundle. */
    static final String PLAN = "plan.yaml";
    static final String REGISTERED = "registered-plan.yaml";
    static final String REGISTRATION = "registration.json";
    static final String SPANS = "spans.parquet";
    /** The plan's exposure log, in a bundle whose plan names an exposure flag. */
    static final String EXPOSURES = "exposures.parquet";
    static final String RESULT = "result.json";
    static final String README = "README.txt";
    private static final Set<String> ENTRIES = Set.of(PLAN, REGISTERED, REGISTRATION, SPANS, EXPOSURES, RESULT,
            README);
    /** A bundle that unpacks past this is refused (a zip bomb, or not a bundle). */
    static final long MAX_UNPACKED_BYTES = 4L << 30;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** A bundle that cannot be read: what is wrong with it. */
    public static final class BundleException extends ProdlabException {
        private static final long serialVersionUID = 1L;

        BundleException(String message) {
            super(ErrorCategory.BAD_INPUT, message);
        }
    }

    private ExperimentBundle() {
    }

    /** Writes the bundle of {@code run} to {@code zip} (atomically); returns the spans it holds. */
    public static long write(Workspace ws, ExperimentPlan plan, String planText, ExperimentService.Run run,
                             ExperimentRunner.Options options, Path zip)
            throws IOException, WorkspaceException, CohortException {
        Path work = Files.createTempDirectory(zip.toAbsolutePath().getParent(), ".bundle-");
        try {
            SqlFilter any = ExperimentRunner.anyCohort(ws, plan);
            Path parquet = work.resolve(SPANS);
            long spans = new ExperimentArchive(ws).export(any.sql(), any.params(), parquet);
            Path exposures = work.resolve(EXPOSURES);
            long exposed = plan.exposureFlag().isEmpty() ? -1
                    : new ExperimentArchive(ws).exportExposures(plan.exposureFlag(), exposures);
            Map<String, Object> registration = new LinkedHashMap<>();
            registration.put("name", run.registration().name());
            registration.put("sha256", run.registration().sha256());
            registration.put("registered_at", run.registration().registeredAt().toString());
            registration.put("options", Map.of("resamples", options.resamples(), "seed", options.seed()));
            registration.put("deviations", run.deviations().stream().map(d -> Map.of("seen_at", d.seenAt().toString(),
                    "sha256", d.sha256(), "field", d.field(), "registered", d.registered(),
                    "changed_to", d.changedTo())).toList());
            registration.put("looks_before", run.looksBefore().stream().map(l -> Map.of("at", l.at().toString(),
                    "sha256", l.sha256(), "verdict", l.verdict())).toList());
            Map<String, Object> result = ExperimentReport.json(new ExperimentReport.Input(plan, run.registration(),
                    run.result()));
            AtomicFile.write(zip, raw -> {
                ZipOutputStream out = new ZipOutputStream(raw);
                entry(out, README, ("A Prodlab experiment bundle: re-run it anywhere with\n"
                        + "  prodlab experiment rerun " + zip.getFileName() + "\n"
                        + "It holds the plan as run (" + PLAN + "), the plan as registered (" + REGISTERED + ") with "
                        + "its hash, time and history (" + REGISTRATION + "), every span of the traces the cohorts "
                        + "select (" + SPANS + ", " + spans + " spans)" + (exposed < 0 ? "" : ", the exposure log of "
                        + plan.exposureFlag() + " (" + EXPOSURES + ", " + exposed + " exposures)") + " and the figures "
                        + "of the run (" + RESULT + ").\n")
                        .getBytes(StandardCharsets.UTF_8));
                entry(out, PLAN, planText.getBytes(StandardCharsets.UTF_8));
                entry(out, REGISTERED, run.registration().planText().getBytes(StandardCharsets.UTF_8));
                entry(out, REGISTRATION, JSON.writeValueAsBytes(registration));
                entry(out, RESULT, JSON.writeValueAsBytes(result));
                out.putNextEntry(new ZipEntry(SPANS));
                Files.copy(parquet, out);
                out.closeEntry();
                if (exposed >= 0) {
                    out.putNextEntry(new ZipEntry(EXPOSURES));
                    Files.copy(exposures, out);
                    out.closeEntry();
                }
                out.finish();
            });
            return spans;
        } finally {
            deleteTree(work);
        }
    }

    /** What a re-run found. */
    public record Rerun(ExperimentService.Run run, ExperimentPlan plan, Map<String, Object> json,
                        List<String> differences) {
        public boolean identical() {
            return differences.isEmpty();
        }
    }

    /**
     * Rebuilds a workspace from the bundle in {@code work} (an empty folder) and runs its plan again.
     *
     * @throws BundleException the file is not a bundle, or was changed
     */
    public static Rerun rerun(Path zip, Path work) throws IOException, ProdlabException {
        unpack(zip, work);
        for (String e : List.of(PLAN, REGISTERED, REGISTRATION, SPANS, RESULT)) {
            if (!Files.exists(work.resolve(e))) {
                throw new BundleException(zip + ": is not a Prodlab experiment bundle (it has no " + e + ").");
            }
        }
        JsonNode reg = JSON.readTree(work.resolve(REGISTRATION).toFile());
        String planText = Files.readString(work.resolve(PLAN));
        ExperimentPlan plan = PlanParser.parse(planText, zip + "!" + PLAN);
        List<ExperimentRegistry.Deviation> deviations = new ArrayList<>();
        reg.path("deviations").forEach(d -> deviations.add(new ExperimentRegistry.Deviation(
                Instant.parse(d.path("seen_at").asText()), d.path("sha256").asText(), d.path("field").asText(),
                d.path("registered").asText(), d.path("changed_to").asText())));
        List<ExperimentRegistry.Look> looks = new ArrayList<>();
        reg.path("looks_before").forEach(l -> looks.add(new ExperimentRegistry.Look(Instant.parse(l.path("at").asText()),
                l.path("sha256").asText(), l.path("verdict").asText())));
        ExperimentRunner.Options options = new ExperimentRunner.Options(reg.path("options").path("resamples").asInt(2000),
                reg.path("options").path("seed").asLong(42));
        try (Workspace ws = Workspace.openOrCreate(work.resolve("bundle.prodlab"), "re-running a bundle")) {
            new ExperimentArchive(ws).load(work.resolve(SPANS));
            if (!plan.exposureFlag().isEmpty()) {
                if (!Files.exists(work.resolve(EXPOSURES))) {
                    throw new BundleException(zip + ": its plan names the exposure flag " + plan.exposureFlag()
                            + " but the bundle has no " + EXPOSURES + ".");
                }
                new ExperimentArchive(ws).loadExposures(work.resolve(EXPOSURES));
            }
            ExperimentService service = new ExperimentService(ws, Clock.systemUTC());
            ExperimentRegistry.Registration r;
            try {
                r = service.restore(Files.readString(work.resolve(REGISTERED)), reg.path("sha256").asText(),
                        Instant.parse(reg.path("registered_at").asText()), deviations, looks);
            } catch (PlanException e) {
                throw new BundleException(zip + ": " + e.getMessage());
            }
            ExperimentService.Run run = service.run(plan, options);
            Map<String, Object> json = ExperimentReport.json(new ExperimentReport.Input(plan, r, run.result()));
            JsonNode now = JSON.valueToTree(json);
            JsonNode then = JSON.readTree(work.resolve(RESULT).toFile());
            List<String> differences = new ArrayList<>();
            compare("", then, now, differences);
            return new Rerun(run, plan, json, differences);
        }
    }

    private static void compare(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a == null || b == null) {
            if (a != b) {
                out.add(path + ": " + a + " in the bundle, " + b + " now");
            }
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                compare(path + "/" + k, a.get(k), b.get(k), out);
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                compare(path + "/" + i, a.get(i), b.get(i), out);
            }
        } else if (a.isNumber() && b.isNumber()) {
            if (a.decimalValue().compareTo(b.decimalValue()) != 0) {
                out.add(path + ": " + a + " in the bundle, " + b + " now");
            }
        } else if (!a.equals(b)) {
            out.add(path + ": " + a + " in the bundle, " + b + " now");
        }
    }

    private static void entry(ZipOutputStream out, String name, byte[] body) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(body);
        out.closeEntry();
    }

    /** Unpacks only the bundle's known entries, refusing anything that unpacks past the limit. */
    private static void unpack(Path zip, Path work) throws IOException, BundleException {
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry e;
            boolean any = false;
            while ((e = in.getNextEntry()) != null) {
                any = true;
                if (!ENTRIES.contains(e.getName())) {
                    throw new BundleException(zip + ": holds \"" + e.getName() + "\", which no Prodlab bundle holds; "
                            + "expected only " + String.join(", ", new java.util.TreeSet<>(ENTRIES)) + ".");
                }
                try (OutputStream out = Files.newOutputStream(work.resolve(e.getName()))) {
                    total += copyBounded(in, out, MAX_UNPACKED_BYTES - total, zip);
                }
            }
            if (!any) {
                throw new BundleException(zip + ": is not a zip file; expected a bundle written by "
                        + "prodlab experiment run --bundle.");
            }
        } catch (java.util.zip.ZipException e) {
            throw new BundleException(zip + ": is not a readable zip file (" + e.getMessage() + ").");
        }
    }

    private static long copyBounded(InputStream in, OutputStream out, long left, Path zip)
            throws IOException, BundleException {
        byte[] buf = new byte[1 << 16];
        long n = 0;
        int r;
        while ((r = in.read(buf)) > 0) {
            n += r;
            if (n > left) {
                throw new BundleException(zip + ": unpacks to more than " + (MAX_UNPACKED_BYTES >> 30)
                        + " GiB; refused (a zip bomb, or not a bundle).");
            }
            out.write(buf, 0, r);
        }
        return n;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // A temporary file left behind is not worth failing the bundle for.
                }
            });
        } catch (IOException ignored) {
            // Same.
        }
    }
}
