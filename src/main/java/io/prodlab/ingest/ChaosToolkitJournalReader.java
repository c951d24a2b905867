package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prodlab.model.Annotation;

import java.io.IOException;

/**
 * Reads a Chaos Toolkit run journal ({@code journal.json}, written by {@code chaos run}) into
 * annotations:
 * <ul>
 * <li>{@code experiment_run}: the run, from the journal's {@code start} to {@code end}, named by the
 *     experiment's title, with its status, whether it deviated, and whether the steady state held
 *     before and after;</li>
 * <li>{@code fault}: each action of the method (the turbulence injected), {@code probe}: each probe
 *     of the method, {@code rollback}: each rollback action, each over its own start and end, with
 *     its status (and the error when it failed);</li>
 * <li>{@code steady_state_probe}: each steady-state probe run before, during and after the method,
 *     with whether its tolerance was met.</li>
 * </ul>
 * The target of an activity is what its provider calls ({@code python: module.func},
 * {@code process: path arguments}, {@code http: url}); the provider's arguments go into the
 * attributes, an activity's output only when short (journals hold whole command outputs).
 * Chaos Toolkit writes times as ISO-8601 without a zone, in UTC; times with a zone are read too.
 *
 * <p>An experiment definition (the {@code experiment.json} a run starts from) has no times: it is
 * not read here, and {@link TraceReaders} refuses it saying a journal is needed.
 */
final class ChaosToolkitJournalReader implements TraceReader {
    static final String FORMAT = "chaostoolkit-journal";
    static final String EXPECTED = "expected a Chaos Toolkit journal (an object with \"experiment\", \"start\", "
            + "\"end\" and \"run\")";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Outputs longer than this are left out of an activity's attributes. */
    static final int MAX_OUTPUT = 200;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean recognizes(byte[] peek) {
        return Peeks.hasTopLevelField(peek, "chaoslib-version", null)
                || (Peeks.hasTopLevelField(peek, "experiment", null) && Peeks.hasTopLevelField(peek, "run", null)
                && Peeks.hasTopLevelField(peek, "start", null));
    }

    /** Whether a JSON object's members are those of an experiment definition (no run journal). */
    static boolean isExperimentDefinition(java.util.Set<String> keys) {
        return keys.contains("title") && keys.contains("method") && !keys.contains("run")
                && !keys.contains("experiment");
    }

    @Override
    public Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
        return new FileReading(factory, display, sink, chunkBytes);
    }

    private static final class FileReading extends ChunkedReading {

        FileReading(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
            super(factory, display, sink, chunkBytes);
        }


        @Override
        public String read(TraceInput in) throws IOException, ImportException, InterruptedException {
            JsonNode j;
            try (JsonParser p = factory.createParser(in.data)) {
                j = MAPPER.readTree(p);
            } catch (JsonProcessingException e) {
                throw Tokens.brokenJson(display, e, EXPECTED);
            }
            if (j == null || !j.isObject()) {
                throw new ImportException(display + ": line 1, column 1: " + EXPECTED + ", found "
                        + (j == null ? "nothing" : Tokens.describe(j)) + ". Nothing was imported.");
            }
            String title = j.path("experiment").path("title").asText("");
            long start;
            long end;
            try {
                start = time(j.get("start"), "/start");
                end = time(j.get("end"), "/end");
            } catch (BadRecordException e) {
                throw new ImportException(display + ": " + e.reason() + "; a journal's run needs its start and end. "
                        + "Nothing was imported.");
            }
            ObjectNode run = NODES.objectNode();
            run.put("status", j.path("status").asText(""));
            if (j.has("deviated")) {
                run.put("deviated", j.path("deviated").asBoolean());
            }
            JsonNode ss = j.path("steady_states");
            for (String phase : new String[] {"before", "after"}) {
                JsonNode met = ss.path(phase).path("steady_state_met");
                if (met.isBoolean()) {
                    run.put("steady_state_met_" + phase, met.asBoolean());
                }
            }
            copyText(j, run, "chaoslib-version");
            copyText(j, run, "node");
            copyText(j, run, "platform");
            JsonNode tags = j.path("experiment").path("tags");
            if (tags.isArray()) {
                run.set("tags", tags);
            }
            add(new Annotation("experiment_run", title.isEmpty() ? "Chaos Toolkit run" : title, start,
                    Math.max(start, end), "", run.toString()));

            long probes = 0;
            for (String phase : new String[] {"before", "after"}) {
                probes += activities(ss.path(phase).path("probes"), "/steady_states/" + phase + "/probes", phase);
            }
            probes += activities(ss.path("during"), "/steady_states/during", "during");
            long method = activities(j.path("run"), "/run", null);
            long rollbacks = activities(j.path("rollbacks"), "/rollbacks", "rollback");
            return "Chaos Toolkit journal of \"" + Excerpts.shorten(title, 60) + "\" (" + j.path("status").asText("?")
                    + (j.path("deviated").asBoolean(false) ? ", deviated" : "") + "), "
                    + ImportService.count(method, "method activity").replace("activitys", "activities") + ", "
                    + ImportService.count(probes, "steady-state probe") + ", "
                    + ImportService.count(rollbacks, "rollback") + " as " + ImportService.count(spansRead, "annotation");
        }

        private static void copyText(JsonNode from, ObjectNode to, String key) {
            if (from.path(key).isTextual()) {
                to.put(key, from.path(key).asText());
            }
        }

        /**
         * The activity runs of a list: {@code phase} null for the method, {@code "rollback"}, or the
         * steady-state phase. Returns how many were read.
         */
        private long activities(JsonNode list, String at, String phase) throws InterruptedException {
            if (list == null || list.isMissingNode() || list.isNull()) {
                return 0;
            }
            if (!list.isArray()) {
                reject(at, "expected a list of activity runs, found " + Tokens.describe(list), list.toString());
                return 0;
            }
            long n = 0;
            for (int i = 0; i < list.size(); i++) {
                JsonNode r = list.get(i);
                String where = at + "/" + i;
                try {
                    add(activity(r, where, phase));
                    n++;
                } catch (BadRecordException e) {
                    reject(where, e.reason(), r.toString());
                }
            }
            return n;
        }

        private Annotation activity(JsonNode r, String at, String phase) throws BadRecordException {
            if (!r.isObject()) {
                throw new BadRecordException("expected an activity run object, found " + Tokens.describe(r));
            }
            JsonNode a = r.path("activity");
            if (!a.isObject()) {
                throw new BadRecordException("the run has no \"activity\" object");
            }
            String type = a.path("type").asText("");
            long start = time(r.get("start"), at + "/start");
            long end = time(r.get("end"), at + "/end");
            String kind = phase == null ? (type.equals("action") ? "fault" : "probe")
                    : phase.equals("rollback") ? "rollback" : "steady_state_probe";
            ObjectNode attrs = NODES.objectNode();
            attrs.put("activity_type", type);
            attrs.put("status", r.path("status").asText(""));
            if (phase != null && !phase.equals("rollback")) {
                attrs.put("phase", phase);
            }
            if (r.path("tolerance_met").isBoolean()) {
                attrs.put("tolerance_met", r.path("tolerance_met").asBoolean());
            }
            if (a.has("tolerance")) {
                attrs.set("tolerance", a.get("tolerance"));
            }
            if (r.path("duration").isNumber()) {
                attrs.put("duration_s", r.path("duration").asDouble());
            }
            JsonNode provider = a.path("provider");
            if (provider.isObject()) {
                attrs.set("provider", provider);
            }
            JsonNode output = r.get("output");
            if (output != null && !output.isNull()) {
                String text = output.isTextual() ? output.asText() : output.toString();
                if (text.length() <= MAX_OUTPUT) {
                    attrs.put("output", text);
                } else {
                    attrs.put("output_chars", text.length());
                }
            }
            if (r.has("exception")) {
                JsonNode ex = r.get("exception");
                String last = ex.isArray() && !ex.isEmpty() ? ex.get(ex.size() - 1).asText() : ex.asText();
                attrs.put("exception", Excerpts.shorten(last.strip(), 300));
            }
            String name = a.path("name").asText("");
            return new Annotation(kind, name.isEmpty() ? type : name, start, Math.max(start, end), target(provider),
                    attrs.toString());
        }

        /** What a provider calls, for the annotation's target. */
        private static String target(JsonNode p) {
            String type = p.path("type").asText("");
            return switch (type) {
                case "python" -> "python: " + p.path("module").asText("") + "." + p.path("func").asText("");
                case "process" -> {
                    JsonNode args = p.path("arguments");
                    String a = args.isTextual() ? " " + args.asText() : args.isArray() || args.isObject()
                            ? " " + args : "";
                    yield Excerpts.shorten("process: " + p.path("path").asText("") + a, Excerpts.MAX);
                }
                case "http" -> "http: " + p.path("method").asText("GET") + " " + p.path("url").asText("");
                default -> type;
            };
        }

        private void add(Annotation a) throws InterruptedException {
            sink.chunk().add(a);
            spansRead++;
            afterRecord(spansRead);
        }

    }

    /** An ISO-8601 time in Unix ns: with a zone or offset, or without one, then UTC (as Chaos Toolkit writes). */
    static long time(JsonNode n, String at) throws BadRecordException {
        if (n == null || n.isNull() || n.isMissingNode()) {
            throw new BadRecordException(at + " is missing");
        }
        if (!n.isTextual()) {
            throw new BadRecordException(at + " must be an ISO-8601 time, found " + Tokens.describe(n));
        }
        return Timestamps.isoNanos(n.asText(), at);
    }
}
