package io.prodlab.ingest;

import io.prodlab.graph.DependencyMap;
import io.prodlab.graph.DependencyMapService;
import io.prodlab.model.ServiceEdge;
import io.prodlab.store.QueryResult;
import io.prodlab.store.SqlConsole;
import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.prodlab.ingest.IngestTestSupport.fixture;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The same traces written as Jaeger JSON and as OTLP/JSON land as the same spans, services, parents and calls. */
class JaegerOtlpEquivalenceTest {
    @RegisterExtension
    final TempWorkspace jaegerTemp = new TempWorkspace();
    @RegisterExtension
    final TempWorkspace otlpTemp = new TempWorkspace();

    /** One span of the test traces: ids, service, kind, parent, error, one extra attribute. */
    private record S(String trace, String id, String parent, String service, String kind, String name, long startUs,
                     long durUs, boolean error, String dbSystem) {
    }

    private static final String T1 = "0af7651916cd43dd8448eb211c80319c";
    private static final String T2 = "00000000000000004bf92f3577b34da6";
    private static final List<S> SPANS = List.of(
            new S(T1, "00f067aa0ba902b1", "", "frontend", "server", "GET /checkout", 1_700_000_000_000_000L, 900, false, null),
            new S(T1, "00f067aa0ba902b2", "00f067aa0ba902b1", "frontend", "client", "POST /pay", 1_700_000_000_000_100L, 500, false, null),
            new S(T1, "00f067aa0ba902b3", "00f067aa0ba902b2", "payment", "server", "POST /pay", 1_700_000_000_000_150L, 400, false, null),
            new S(T1, "00f067aa0ba902b4", "00f067aa0ba902b3", "payment", "client", "INSERT", 1_700_000_000_000_200L, 100, false, "postgresql"),
            new S(T1, "00f067aa0ba902b5", "00f067aa0ba902b1", "frontend", "client", "GET /stock", 1_700_000_000_000_700L, 150, true, null),
            new S(T1, "00f067aa0ba902b6", "00f067aa0ba902b5", "inventory", "server", "GET /stock", 1_700_000_000_000_720L, 100, true, null),
            new S(T2, "10f067aa0ba902b1", "", "frontend", "server", "GET /checkout", 1_700_000_001_000_000L, 700, false, null),
            new S(T2, "10f067aa0ba902b2", "10f067aa0ba902b1", "frontend", "client", "POST /pay", 1_700_000_001_000_100L, 300, false, null),
            new S(T2, "10f067aa0ba902b3", "10f067aa0ba902b2", "payment", "server", "POST /pay", 1_700_000_001_000_150L, 200, false, null));

    /** Jaeger's query-API shape, one trace per element, processes after the spans; 64-bit trace ids short. */
    private static String jaeger() {
        StringBuilder sb = new StringBuilder("{\"data\": [\n");
        List<String> traces = SPANS.stream().map(S::trace).distinct().toList();
        for (int t = 0; t < traces.size(); t++) {
            String trace = traces.get(t);
            List<S> spans = SPANS.stream().filter(s -> s.trace().equals(trace)).toList();
            List<String> services = spans.stream().map(S::service).distinct().toList();
            sb.append(t == 0 ? "" : ",\n").append("{\"traceID\": \"").append(trace.replaceFirst("^0+", ""))
                    .append("\", \"spans\": [\n");
            for (int i = 0; i < spans.size(); i++) {
                S s = spans.get(i);
                sb.append(i == 0 ? "" : ",\n").append("{\"traceID\": \"").append(trace.replaceFirst("^0+", ""))
                        .append("\", \"spanID\": \"").append(s.id()).append("\", \"operationName\": \"").append(s.name())
                        .append("\", \"references\": [");
                if (!s.parent().isEmpty()) {
                    sb.append("{\"refType\": \"CHILD_OF\", \"traceID\": \"").append(trace).append("\", \"spanID\": \"")
                            .append(s.parent()).append("\"}");
                }
                sb.append("], \"startTime\": ").append(s.startUs()).append(", \"duration\": ").append(s.durUs())
                        .append(", \"processID\": \"p").append(services.indexOf(s.service()) + 1)
                        .append("\", \"tags\": [{\"key\": \"span.kind\", \"type\": \"string\", \"value\": \"")
                        .append(s.kind()).append("\"}");
                if (s.error()) {
                    sb.append(", {\"key\": \"error\", \"type\": \"bool\", \"value\": true}");
                }
                if (s.dbSystem() != null) {
                    sb.append(", {\"key\": \"db.system\", \"type\": \"string\", \"value\": \"").append(s.dbSystem())
                            .append("\"}");
                }
                sb.append("], \"logs\": []}");
            }
            sb.append("], \"processes\": {");
            for (int p = 0; p < services.size(); p++) {
                sb.append(p == 0 ? "" : ", ").append("\"p").append(p + 1).append("\": {\"serviceName\": \"")
                        .append(services.get(p)).append("\", \"tags\": []}");
            }
            sb.append("}}");
        }
        return sb.append("\n]}\n").toString();
    }

    /** The same spans as OTLP/JSON lines, one resource per span. */
    private static String otlp() {
        StringBuilder sb = new StringBuilder();
        for (S s : SPANS) {
            int kind = switch (s.kind()) {
                case "server" -> 2;
                case "client" -> 3;
                default -> 1;
            };
            sb.append("{\"resourceSpans\": [{\"resource\": {\"attributes\": [{\"key\": \"service.name\", \"value\": "
                    + "{\"stringValue\": \"").append(s.service()).append("\"}}]}, \"scopeSpans\": [{\"spans\": [{")
                    .append("\"traceId\": \"").append(s.trace()).append("\", \"spanId\": \"").append(s.id())
                    .append("\", \"parentSpanId\": \"").append(s.parent()).append("\", \"name\": \"").append(s.name())
                    .append("\", \"kind\": ").append(kind)
                    .append(", \"startTimeUnixNano\": \"").append(s.startUs() * 1000)
                    .append("\", \"endTimeUnixNano\": \"").append((s.startUs() + s.durUs()) * 1000).append('"');
            if (s.dbSystem() != null) {
                sb.append(", \"attributes\": [{\"key\": \"db.system\", \"value\": {\"stringValue\": \"")
                        .append(s.dbSystem()).append("\"}}]");
            }
            if (s.error()) {
                sb.append(", \"status\": {\"code\": 2}");
            }
            sb.append("}]}]}]}\n");
        }
        return sb.toString();
    }

    private static Set<String> rows(Workspace ws, String sql) throws Exception {
        QueryResult r = new SqlConsole(ws).query(sql, 10_000);
        return r.rows().stream().map(row -> row.stream().map(String::valueOf).collect(Collectors.joining("|")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> edges(Workspace ws) throws Exception {
        DependencyMap map = new DependencyMapService(ws).build(null, Long.MIN_VALUE, Long.MAX_VALUE);
        return map.edges().stream().map((ServiceEdge e) -> e.source() + " -> " + e.target() + " calls=" + e.calls()
                + " errors=" + e.errors()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static final String SPAN_ROWS = "select trace_id, span_id, parent_span_id, service_name, kind, name, "
            + "start_ns, end_ns, status from spans";

    @Test
    void generatedTracesGiveTheSameSpansServicesParentsAndCalls() throws Exception {
        Workspace j = jaegerTemp.workspace();
        Workspace o = otlpTemp.workspace();
        FileImportResult rj = importOne(j, Files.writeString(jaegerTemp.dir().resolve("t.jaeger.json"), jaeger()));
        FileImportResult ro = importOne(o, Files.writeString(otlpTemp.dir().resolve("t.otlp.jsonl"), otlp()));
        assertEquals("jaeger-json", rj.format(), rj.message());
        assertEquals("otlp-json", ro.format(), ro.message());
        assertEquals(9, rj.spans(), rj.message());
        assertEquals(9, ro.spans(), ro.message());

        assertEquals(rows(o, SPAN_ROWS), rows(j, SPAN_ROWS));
        assertEquals(Set.of("frontend", "inventory", "payment"), rows(j, "select distinct service_name from spans"));
        Set<String> expected = new TreeSet<>(List.of("frontend -> inventory calls=1 errors=1",
                "frontend -> payment calls=2 errors=0", "payment -> postgresql calls=1 errors=0"));
        assertEquals(expected, edges(o), "the OTLP side is the reference");
        assertEquals(expected, edges(j));
    }

    @Test
    void theRealJaegerRenderingOfAnOtlpTraceGivesTheSameSpans() throws Exception {
        Workspace j = jaegerTemp.workspace();
        Workspace o = otlpTemp.workspace();
        importOne(j, fixture("jaeger-json/jaeger-ui-pr2564_oltp2jaeger-multi-out.crlf.json"));
        importOne(o, fixture("otlp-json-traces/jaeger-ui_otlp2jaeger-multi-in.json.txt"));
        // Jaeger keeps microseconds: the OTLP side's ends (…460625 ns) arrive cut to …460000 ns.
        String sql = "select trace_id, span_id, parent_span_id, service_name, kind, name, start_ns, end_ns // 1000, "
                + "status, scope_name, scope_version from spans";
        Set<String> otlpRows = rows(o, sql);
        assertEquals(4, otlpRows.size());
        assertEquals(otlpRows, rows(j, sql));
        assertEquals(rows(o, "select resource from spans"), rows(j, "select resource from spans"));
        assertEquals(edges(o), edges(j));
    }
}
