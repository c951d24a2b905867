package io.prodlab.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.prodlab.compare.CohortException;
import io.prodlab.error.ErrorCategory;
import io.prodlab.error.ProdlabException;
import io.prodlab.store.ExperimentRegistry;
import io.prodlab.store.ExperimentRegistry.Deviation;
import io.prodlab.store.ExperimentRegistry.Registration;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pre-registration and runs of plans in a workspace: a plan is frozen (its canonical form hashed
 * with SHA-256 and time-stamped) before any result of it can be shown; a later run of an edited
 * plan records each changed field as a deviation, and every run is recorded as a look.
 */
public final class ExperimentService {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /** A plan can be registered once; this says when and with which hash it was. */
    public static final class AlreadyRegisteredException extends ProdlabException {
        private static final long serialVersionUID = 1L;

        AlreadyRegisteredException(String message) {
            super(ErrorCategory.BAD_INPUT, message);
        }
    }

    /** Results are shown only for registered plans. */
    public static final class NotRegisteredException extends ProdlabException {
        private static final long serialVersionUID = 1L;

        NotRegisteredException(String message) {
            super(ErrorCategory.USAGE, message);
        }
    }

    private final Workspace ws;
    private final Clock clock;

    public ExperimentService(Workspace ws, Clock clock) {
        this.ws = ws;
        this.clock = clock;
    }

    /** The plan's canonical JSON: comments, layout and key order do not change it. */
    public static String canonicalJson(ExperimentPlan plan) {
        try {
            return CANONICAL.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan always serialises", e);
        }
    }

    public static String sha256(ExperimentPlan plan) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest(canonicalJson(plan).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Puts a registration back as a bundle recorded it (same hash, same time, same history), in a
     * workspace that holds no plan of that name.
     *
     * @throws PlanException the registered text no longer reads, or does not hash to the recorded sha256
     */
    public Registration restore(String registeredText, String sha256, Instant registeredAt, List<Deviation> deviations,
                                List<ExperimentRegistry.Look> looks) throws WorkspaceException, PlanException {
        ExperimentPlan registered = PlanParser.parse(registeredText, "the bundle's registered plan");
        if (!sha256(registered).equals(sha256)) {
            throw new PlanException("the bundle", List.of(new PlanProblem(0, "registration.sha256",
                    "the registered plan hashes to " + sha256(registered) + ", not to the recorded " + sha256
                            + ": the bundle was changed")));
        }
        ExperimentRegistry reg = new ExperimentRegistry(ws);
        Registration r = reg.register(registered.name(), sha256, registeredText, canonicalJson(registered),
                registeredAt);
        reg.restore(r.id(), deviations, looks);
        return r;
    }

    /**
     * Freezes the plan in the workspace.
     *
     * @throws AlreadyRegisteredException a plan of this name is registered (its edits are deviations)
     */
    public Registration register(ExperimentPlan plan, String planText) throws WorkspaceException,
            AlreadyRegisteredException {
        ExperimentRegistry reg = new ExperimentRegistry(ws);
        Registration old = reg.find(plan.name());
        if (old != null) {
            throw new AlreadyRegisteredException("A plan named \"" + plan.name() + "\" was registered on "
                    + old.registeredAt() + " (sha256 " + old.sha256() + "). A registered plan is not replaced: run the "
                    + "edited plan and each change is recorded as a deviation, or give the new study another name.");
        }
        return reg.register(plan.name(), sha256(plan), planText, canonicalJson(plan), clock.instant());
    }

    /** What a run gives: the result, and the registration it was read against. */
    /**
     * @param deviations every deviation recorded for the plan, this run's included
     * @param looksBefore the looks recorded before this run
     */
    public record Run(ExperimentResult result, Registration registration, List<Deviation> deviations,
                      List<ExperimentRegistry.Look> looksBefore) {
    }

    /**
     * Runs a registered plan, recording its deviations from the registration and the look.
     *
     * @throws NotRegisteredException the plan was not registered: no result is shown before it is
     */
    public Run run(ExperimentPlan plan, ExperimentRunner.Options options) throws WorkspaceException,
            CohortException, NotRegisteredException {
        ExperimentRegistry reg = new ExperimentRegistry(ws);
        Registration r = reg.find(plan.name());
        if (r == null) {
            throw new NotRegisteredException("The plan \"" + plan.name() + "\" is not registered in " + ws.path()
                    + ". Register it first (prodlab experiment register -w WORKSPACE PLAN.yaml): results are shown "
                    + "only for a plan frozen before they are seen.");
        }
        String sha = sha256(plan);
        Instant now = clock.instant();
        List<Deviation> found = new ArrayList<>();
        if (!sha.equals(r.sha256())) {
            diff("", CANONICAL.valueToTree(readTree(r.planJson())), CANONICAL.valueToTree(plan), sha, now, found);
        }
        List<ExperimentRegistry.Look> looksBefore = reg.looks(r.id());
        int previousLooks = looksBefore.size();
        List<Deviation> recorded = new ArrayList<>(reg.deviations(r.id()));
        for (Deviation d : found) {
            if (recorded.stream().noneMatch(k -> k.sha256().equals(d.sha256()) && k.field().equals(d.field()))) {
                recorded.add(d);
            }
        }
        List<String> words = recorded.stream().map(d -> d.field() + ": registered " + d.registered() + ", changed to "
                + d.changedTo() + " (seen " + d.seenAt() + ")").toList();
        ExperimentResult result = new ExperimentRunner(ws).run(plan, sha, words, previousLooks, options);
        reg.recordRun(r.id(), sha, found, result.verdict(), now);
        return new Run(result, r, recorded, looksBefore);
    }

    private static JsonNode readTree(String json) {
        try {
            return CANONICAL.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the registered plan is stored as JSON", e);
        }
    }

    private static void diff(String path, JsonNode was, JsonNode now, String sha, Instant at, List<Deviation> out) {
        if (isEffect(was) && isEffect(now)) {
            // An effect is one field of the plan as written (5%, 3ms): compare it as written.
            diff(path, was.get("text"), now.get("text"), sha, at, out);
            return;
        }
        if (was != null && now != null && was.isObject() && now.isObject()) {
            Map<String, Boolean> keys = new LinkedHashMap<>();
            for (Iterator<String> it = was.fieldNames(); it.hasNext(); ) {
                keys.put(it.next(), true);
            }
            for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
                keys.put(it.next(), true);
            }
            for (String k : keys.keySet()) {
                diff(path.isEmpty() ? snake(k) : path + "." + snake(k), was.get(k), now.get(k), sha, at, out);
            }
            return;
        }
        if (was != null && now != null && was.isArray() && now.isArray() && was.size() == now.size()) {
            for (int i = 0; i < was.size(); i++) {
                diff(path + "[" + i + "]", was.get(i), now.get(i), sha, at, out);
            }
            return;
        }
        String a = was == null ? "(none)" : was.toString();
        String b = now == null ? "(none)" : now.toString();
        if (!a.equals(b)) {
            out.add(new Deviation(at, sha, path, a, b));
        }
    }

    private static boolean isEffect(JsonNode n) {
        return n != null && n.isObject() && n.size() == 3 && n.has("text") && n.has("kind") && n.has("value");
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
