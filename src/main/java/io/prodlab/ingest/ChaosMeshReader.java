package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.prodlab.model.Annotation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Chaos Mesh objects ({@code apiVersion: chaos-mesh.org/...}), as YAML or JSON, one or more
 * documents, or a Kubernetes {@code List} of them ({@code kubectl get ... -o yaml}), into
 * annotations. A chaos object ({@code NetworkChaos}, {@code PodChaos}, {@code StressChaos},
 * {@code Schedule}, ...) becomes a {@code fault} over the window its status records, a
 * {@code Workflow} an {@code experiment_run} (its templates' own windows are in the WorkflowNode
 * objects Chaos Mesh creates, which are read like any other object).
 *
 * <p>The window, in this order: the apply and recover events of
 * {@code status.experiment.containerRecords} (one annotation per target: Chaos Mesh 2.x); the
 * {@code AllInjected}/{@code AllRecovered} conditions; {@code status.startTime}/{@code endTime}
 * (workflows; {@code status.experiment.startTime}/{@code endTime} in 1.x); else
 * {@code metadata.creationTimestamp} and, when {@code spec.duration} (or a workflow entry's
 * {@code deadline}) says how long, its end — marked {@code "window": "created+duration"} since it is
 * the planned window, not a recorded one.
 *
 * <p><b>An object with no time at all</b> (a manifest as written, before {@code kubectl apply}) is
 * not a record of a fault: when no object of the file has a time the file is refused, saying so and
 * how to get the objects with their times (docs/decisions/0016-fault-definitions-without-time.md);
 * in a file with timed objects, an untimed one is rejected with the same reason.
 */
final class ChaosMeshReader implements TraceReader {
    static final String FORMAT = "chaos-mesh";
    private static final Pattern API_VERSION = Pattern.compile(
            "(?m)(^[\\s-]*apiVersion\\s*:\\s*[\"']?|\"apiVersion\"\\s*:\\s*\")chaos-mesh\\.org/");
    private static final Pattern KIND = Pattern.compile("(?m)(^[\\s-]*kind\\s*:|\"kind\"\\s*:)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String NO_TIME = "carries no time (no status, no creationTimestamp): it is a definition, not a "
            + "record of a run, and a fault window must not be guessed. Export the object after it ran "
            + "(kubectl get <kind> <name> -o yaml: its status says when it was applied and recovered), or give the "
            + "window it ran in (prodlab import --window FROM/TO; the Import view asks for it)";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean recognizes(byte[] peek) {
        String s = new String(peek, StandardCharsets.UTF_8);
        return API_VERSION.matcher(s).find() && KIND.matcher(s).find();
    }

    @Override
    public Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes) {
        return new FileReading(factory, display, sink, chunkBytes, null);
    }

    @Override
    public Reading start(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes,
                         ImportHints.ForFile hints) {
        return new FileReading(factory, display, sink, chunkBytes, hints.faultWindow());
    }

    /**
     * The Chaos Mesh objects of a file that carry no time ({@code PodChaos "pod-kill-example"}, ...): the
     * definitions that need a window from the user before they can be imported.
     *
     * @throws ImportException the YAML is broken
     */
    static List<String> untimedObjects(java.io.InputStream data, String display) throws IOException, ImportException {
        List<String> out = new ArrayList<>();
        for (JsonNode o : objects(data, display)) {
            if (o.isObject() && o.path("apiVersion").asText("").startsWith("chaos-mesh.org/") && !carriesTime(o)) {
                out.add(label(o));
            }
        }
        return out;
    }

    /** Whether a Chaos Mesh object says when it ran (or was created): any of the times the reader takes. */
    static boolean carriesTime(JsonNode o) {
        JsonNode status = o.path("status");
        for (JsonNode r : status.path("experiment").path("containerRecords")) {
            for (JsonNode e : r.path("events")) {
                if (e.path("operation").asText("").equals("Apply") && !e.path("timestamp").asText("").isEmpty()) {
                    return true;
                }
            }
        }
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asText("").equals("AllInjected") && c.path("status").asText("").equals("True")
                    && !c.path("lastTransitionTime").asText("").isEmpty()) {
                return true;
            }
        }
        return !status.path("startTime").asText("").isEmpty()
                || !status.path("experiment").path("startTime").asText("").isEmpty()
                || !o.path("metadata").path("creationTimestamp").asText("").isEmpty();
    }

    private static String label(JsonNode o) {
        return o.path("kind").asText("") + " \"" + Excerpts.shorten(o.path("metadata").path("name").asText(""), 60) + "\"";
    }

    /** The documents of a file, a Kubernetes {@code List}'s items in its place. */
    private static List<JsonNode> objects(java.io.InputStream data, String display) throws IOException, ImportException {
        List<JsonNode> objects = new ArrayList<>();
        // Not closed with the parser: the importer still reads the stream's end (its sha256).
        java.io.InputStream open = new java.io.FilterInputStream(data) {
            @Override
            public void close() {
            }
        };
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(open)) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (doc.path("kind").asText("").equals("List") && doc.path("items").isArray()) {
                    doc.path("items").forEach(objects::add);
                } else {
                    objects.add(doc);
                }
            }
        } catch (JsonProcessingException e) {
            throw new ImportException(display + ": " + Tokens.place(e) + ": the YAML is broken ("
                    + Tokens.jacksonReason(e) + "); expected Chaos Mesh objects (apiVersion: chaos-mesh.org/...). "
                    + "Nothing was imported.", e);
        } catch (RuntimeException e) {
            // SnakeYAML reports some broken input (bad indentation, tabs) as unchecked exceptions.
            throw new ImportException(display + ": the YAML is broken (" + Excerpts.shorten(
                    String.valueOf(e.getMessage()), 160) + "); expected Chaos Mesh objects. Nothing was imported.", e);
        }
        return objects;
    }

    private static final class FileReading extends ChunkedReading {
        private final List<String> untimed = new ArrayList<>();
        /** The window the user gave for objects without a time; null to reject them. */
        private final ImportHints.TimeWindow given;
        private int confirmed;

        FileReading(JsonFactory factory, String display, OtlpJsonTraceReader.Sink sink, int chunkBytes,
                    ImportHints.TimeWindow given) {
            super(factory, display, sink, chunkBytes);
            this.given = given;
        }


        @Override
        public String read(TraceInput in) throws IOException, ImportException, InterruptedException {
            List<JsonNode> objects = objects(in.data, display);
            int chaos = 0;
            for (int i = 0; i < objects.size(); i++) {
                JsonNode o = objects.get(i);
                String at = "document " + (i + 1);
                if (!o.isObject() || !o.path("apiVersion").asText("").startsWith("chaos-mesh.org/")) {
                    reject(at, "not a Chaos Mesh object (apiVersion chaos-mesh.org/...), found "
                            + (o.isObject() ? "apiVersion \"" + Excerpts.shorten(o.path("apiVersion").asText(""), 40)
                            + "\", kind \"" + Excerpts.shorten(o.path("kind").asText(""), 40) + "\"" : Tokens.describe(o)),
                            o.toString());
                    continue;
                }
                chaos++;
                object(o, at);
            }
            if (spansRead == 0 && !untimed.isEmpty()) {
                throw new ImportException(display + ": " + (untimed.size() == 1 ? "the Chaos Mesh object "
                        + untimed.get(0) : "none of its " + untimed.size() + " Chaos Mesh objects (" + String.join(", ",
                        untimed.subList(0, Math.min(3, untimed.size()))) + (untimed.size() > 3 ? ", ..." : "")
                        + ") has a time: each") + " " + NO_TIME + ". Nothing was imported.");
            }
            if (chaos == 0) {
                throw new ImportException(display + ": no Chaos Mesh object in the file (apiVersion chaos-mesh.org/...)"
                        + ". Nothing was imported.");
            }
            return "Chaos Mesh, " + ImportService.count(chaos, "object") + " as "
                    + ImportService.count(spansRead, "annotation")
                    + (untimed.isEmpty() ? "" : ", " + untimed.size() + " without a time rejected")
                    + (confirmed == 0 ? "" : ", " + confirmed + " without a time over the window given ("
                    + java.time.Instant.ofEpochSecond(0, given.startNs()) + " to " + (given.endNs() == null ? "open"
                    : java.time.Instant.ofEpochSecond(0, given.endNs())) + ")");
        }

        private void object(JsonNode o, String at) throws InterruptedException {
            String kind = o.path("kind").asText("");
            String name = o.path("metadata").path("name").asText("");
            String label = label(o);
            JsonNode spec = o.path("spec");
            JsonNode status = o.path("status");
            boolean workflow = kind.equals("Workflow");
            String annotationKind = workflow ? "experiment_run" : "fault";
            ObjectNode base = NODES.objectNode();
            base.put("chaos_kind", kind);
            putText(base, "namespace", o.path("metadata").path("namespace"));
            putText(base, "uid", o.path("metadata").path("uid"));
            putText(base, "action", spec.path("action"));
            putText(base, "mode", spec.path("mode"));
            putText(base, "duration", spec.path("duration"));
            if (spec.isObject()) {
                base.set("spec", spec);
            }
            String target = target(spec);
            try {
                // 1. Apply/recover events per target (Chaos Mesh 2.x).
                int windows = 0;
                JsonNode records = status.path("experiment").path("containerRecords");
                for (JsonNode r : records.isArray() ? records : NODES.arrayNode()) {
                    Long start = null;
                    Long end = null;
                    for (JsonNode e : r.path("events").isArray() ? r.path("events") : NODES.arrayNode()) {
                        String op = e.path("operation").asText("");
                        if (!e.path("type").asText("Succeeded").equals("Succeeded")) {
                            continue;
                        }
                        long t = ChaosToolkitJournalReader.time(e.get("timestamp"), at + " events/timestamp");
                        if (op.equals("Apply") && (start == null || t < start)) {
                            start = t;
                        } else if (op.equals("Recover") && (end == null || t > end)) {
                            end = t;
                        }
                    }
                    if (start != null) {
                        ObjectNode attrs = base.deepCopy();
                        attrs.put("window", "recorded");
                        add(new Annotation(annotationKind, name, start, end, r.path("id").asText(target),
                                attrs.toString()));
                        windows++;
                    }
                }
                if (windows > 0) {
                    return;
                }
                // 2. Conditions, 3. status start/end, 4. creation + duration.
                Long start = condition(status, "AllInjected", at);
                Long end = condition(status, "AllRecovered", at);
                String window = "recorded";
                if (start == null) {
                    start = optionalTime(status.get("startTime"), at + " status/startTime");
                    end = optionalTime(status.get("endTime"), at + " status/endTime");
                }
                if (start == null) {
                    start = optionalTime(status.path("experiment").get("startTime"), at + " status/experiment/startTime");
                    end = optionalTime(status.path("experiment").get("endTime"), at + " status/experiment/endTime");
                }
                if (start == null) {
                    start = optionalTime(o.path("metadata").get("creationTimestamp"), at + " metadata/creationTimestamp");
                    Duration d = goDuration(workflow ? entryDeadline(spec) : spec.path("duration").asText(""));
                    end = start == null || d == null ? null : start + d.toNanos();
                    window = "created+duration";
                }
                if (start == null && given != null) {
                    // The user's word for when it ran (docs/decisions/0016-fault-definitions-without-time.md).
                    start = given.startNs();
                    end = given.endNs();
                    window = "confirmed";
                    confirmed++;
                }
                if (start == null) {
                    untimed.add(label);
                    reject(at, label + " " + NO_TIME, o.toString());
                    return;
                }
                ObjectNode attrs = base.deepCopy();
                attrs.put("window", window);
                add(new Annotation(annotationKind, name, start, end == null ? null : Math.max(start, end), target,
                        attrs.toString()));
            } catch (BadRecordException e) {
                reject(at, label + ": " + e.reason(), o.toString());
            }
        }

        private static void putText(ObjectNode to, String key, JsonNode v) {
            if (v.isValueNode() && !v.isNull()) {
                to.put(key, v.asText());
            }
        }

        private static Long condition(JsonNode status, String type, String at) throws BadRecordException {
            JsonNode cs = status.path("conditions");
            for (JsonNode c : cs.isArray() ? cs : NODES.arrayNode()) {
                if (c.path("type").asText("").equals(type) && c.path("status").asText("").equals("True")) {
                    return optionalTime(c.get("lastTransitionTime"), at + " conditions/" + type);
                }
            }
            return null;
        }

        private static Long optionalTime(JsonNode n, String at) throws BadRecordException {
            if (n == null || n.isNull() || n.isMissingNode() || n.asText("").isEmpty()) {
                return null;
            }
            return ChaosToolkitJournalReader.time(n, at);
        }

        private static String entryDeadline(JsonNode spec) {
            String entry = spec.path("entry").asText("");
            for (JsonNode t : spec.path("templates").isArray() ? spec.path("templates") : NODES.arrayNode()) {
                if (t.path("name").asText("").equals(entry)) {
                    return t.path("deadline").asText("");
                }
            }
            return "";
        }

        /** What the chaos acts on: the selector's namespaces, labels and pods, or external targets. */
        private static String target(JsonNode spec) {
            JsonNode sel = spec.path("selector");
            List<String> parts = new ArrayList<>();
            JsonNode ns = sel.path("namespaces");
            if (ns.isArray() && !ns.isEmpty()) {
                List<String> n = new ArrayList<>();
                ns.forEach(x -> n.add(x.asText()));
                parts.add("namespaces " + String.join(",", n));
            }
            for (String key : new String[] {"labelSelectors", "fieldSelectors", "annotationSelectors"}) {
                JsonNode m = sel.path(key);
                for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    parts.add(e.getKey() + "=" + e.getValue().asText());
                }
            }
            JsonNode pods = sel.path("pods");
            for (Iterator<Map.Entry<String, JsonNode>> it = pods.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                parts.add("pods " + e.getKey() + "/" + e.getValue());
            }
            JsonNode ext = spec.path("externalTargets");
            if (ext.isArray() && !ext.isEmpty()) {
                List<String> t = new ArrayList<>();
                ext.forEach(x -> t.add(x.asText()));
                parts.add("external " + String.join(",", t));
            }
            return Excerpts.shorten(String.join(" ", parts), Excerpts.MAX);
        }

        private void add(Annotation a) throws InterruptedException {
            sink.chunk().add(a);
            spansRead++;
            afterRecord(spansRead);
        }

    }

    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    /** A Go duration ("10s", "1h30m", "90ms"), or null when empty or not one. */
    static Duration goDuration(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        Matcher m = GO_DURATION_PART.matcher(s.trim());
        int pos = 0;
        double nanos = 0;
        while (m.find() && m.start() == pos) {
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            pos = m.end();
        }
        return pos == s.trim().length() && pos > 0 && nanos < 1e18 ? Duration.ofNanos((long) nanos) : null;
    }
}
