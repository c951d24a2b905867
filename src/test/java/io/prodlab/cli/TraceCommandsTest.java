package io.prodlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prodlab.store.SqlConsole;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code prodlab traces} and {@code prodlab trace} on the demo shop. */
class TraceCommandsTest {
    @TempDir
    static Path dir;
    private static Path ws;

    @BeforeAll
    static void demoShop() {
        ws = CliRun.demoShop(dir);
    }

    @Test
    void searchFindsTracesWithAMatchingSpanNewestFirst() throws Exception {
        CliRun r = CliRun.of("traces", "-w", ws.toString(), "--where", "status = error", "--limit", "3", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode traces = new ObjectMapper().readTree(r.out()).get("traces");
        assertEquals(3, traces.size());
        String previous = null;
        for (JsonNode t : traces) {
            assertTrue(t.get("errors").asLong() > 0, t.toString());
            String start = t.get("start").asText();
            assertTrue(previous == null || previous.compareTo(start) >= 0, "newest first");
            previous = start;
        }
        assertEquals("frontend", traces.get(0).get("root_service").asText(), "request traces start at the frontend");
    }

    @Test
    void oneTraceIsItsWholeTreeWithTheRootOnTheCriticalPath() throws Exception {
        String id = new ObjectMapper().readTree(CliRun.of("traces", "-w", ws.toString(), "--where",
                "service.name = \"payment\"", "--limit", "1", "--json").out()).get("traces").get(0).get("trace_id").asText();
        CliRun r = CliRun.of("trace", "-w", ws.toString(), id.toUpperCase(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        long spans;
        try (Workspace w = Workspace.openReadOnly(ws)) {
            spans = ((Number) new SqlConsole(w).query("select count(*) from spans where trace_id = '" + id + "'", 1)
                    .rows().get(0).get(0)).longValue();
        }
        assertEquals(spans, doc.get("spans").size());
        JsonNode root = doc.get("spans").get(0);
        assertEquals(0, root.get("depth").asInt());
        assertEquals("", root.get("parent_span_id").asText());
        assertTrue(root.get("critical").asBoolean());
        assertEquals(0.0, root.get("offset_ms").asDouble());
    }

    @Test
    void anUnknownOrMalformedIdIsBadInput() {
        CliRun missing = CliRun.of("trace", "-w", ws.toString(), "0123456789abcdef0123456789abcdef");
        assertEquals(ExitCode.BAD_INPUT, missing.exit());
        assertTrue(missing.err().contains("No trace 0123456789abcdef0123456789abcdef"), missing.err());
        CliRun bad = CliRun.of("trace", "-w", ws.toString(), "not-hex");
        assertEquals(ExitCode.BAD_INPUT, bad.exit());
        CliRun limit = CliRun.of("traces", "-w", ws.toString(), "--limit", "0");
        assertEquals(ExitCode.BAD_INPUT, limit.exit());
    }
}
