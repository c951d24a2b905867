package io.prodlab.ingest;

import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.fixture;
import static io.prodlab.ingest.OtlpJson.aRequest;
import static io.prodlab.ingest.OtlpJson.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A span's flags and dropped counts are kept (spans.flags, dropped_attributes, dropped_events, dropped_links). */
class SpanFlagsTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();

    @Test
    void theRealFixturesFlagsAreKeptAndNegativeCountsSayNothing() throws Exception {
        Workspace ws = temp.workspace();
        List<FileImportResult> r = new ImportService().importPaths(ws, List.of(
                fixture("otlp-json-traces/otel-tui_test_data.json"),
                fixture("otlp-json-traces/jaeger-ui-pr4129_apiv3_getTrace-response.json"),
                fixture("otlp-json-traces/jaeger-ui-pr2804_otlp2jaeger-negative-counts.json"),
                fixture("jaeger-json/jaeger-ui_spanAmongEachOtherGroupedAndSpans.json")), ImportListener.NONE, () -> false);
        r.forEach(f -> assertEquals(FileImportResult.Status.IMPORTED, f.status(), f.message()));
        assertEquals(30, count(ws, flagged("otel-tui_test_data.json", 256)), "W3C flags 0, parent's remoteness known");
        assertEquals(11, count(ws, flagged("otel-tui_test_data.json", 768)), "... and the parent is remote");
        assertEquals(28, count(ws, flagged("apiv3_getTrace-response.json", 257)), "sampled, remoteness known");
        assertEquals(12, count(ws, flagged("apiv3_getTrace-response.json", 769)));
        assertEquals(17, count(ws, flagged("spanAmongEachOtherGroupedAndSpans.json", 1)), "Jaeger's sampled flag");
        assertEquals(0, count(ws, "select count(*) from spans where dropped_attributes <> 0 or dropped_events <> 0 "
                + "or dropped_links <> 0"), "the fixture's droppedAttributesCount of -1 is taken as 0");
        assertEquals(0, r.get(2).rejected(), "a bad count rejects nothing");
    }

    /** The same rows whether the lines are parsed on the reading thread or on the line parsers. */
    @ParameterizedTest(name = "{0} line parsers")
    @ValueSource(ints = {0, 2})
    void flagsAndDroppedCountsOfEveryShapeOnBothReadingPaths(int workers) throws Exception {
        StringBuilder sb = new StringBuilder();
        sb.append(aRequest().withSpan(aSpan().withSpanId("00000000000000f1").with("flags", "769")
                .with("droppedAttributesCount", "3").with("droppedEventsCount", "\"2\"").with("droppedLinksCount", "1"))
                .json()).append('\n');
        sb.append(aRequest().withSpan(aSpan().withSpanId("00000000000000f2").with("flags", "4294967295")
                .with("droppedAttributesCount", "-4").with("droppedEventsCount", "1.5").with("droppedLinksCount",
                        "{\"x\": 1}")).json()).append('\n');
        for (int i = 0; i < 200; i++) {
            sb.append(aRequest().withSpan(aSpan()).json()).append('\n');
        }
        Path f = Files.write(temp.dir().resolve("flags-" + workers + ".jsonl"), sb.toString().getBytes(StandardCharsets.UTF_8));
        JsonLineBatches.Settings before = JsonLineBatches.current;
        JsonLineBatches.current = new JsonLineBatches.Settings(workers, 4096, 4 << 20);
        try {
            Workspace ws = temp.workspace();
            FileImportResult r = new ImportService().importPaths(ws, List.of(f), ImportListener.NONE, () -> false).get(0);
            assertEquals(0, r.rejected(), r.message());
            assertEquals("769 3 2 1", text(ws, "00000000000000f1"));
            assertEquals("0 0 0 0", text(ws, "00000000000000f2"), "past 2^31 - 1, negative, fractional, an object: 0");
            assertEquals(200, count(ws, "select count(*) from spans where flags = 0 and dropped_attributes = 0 "
                    + "and span_id not in ('00000000000000f1', '00000000000000f2')"));
        } finally {
            JsonLineBatches.current = before;
        }
    }

    private static String flagged(String file, int flags) {
        return "select count(*) from spans s join imports i using (import_id) where i.path like '%" + file
                + "' and s.flags = " + flags;
    }

    private static String text(Workspace ws, String spanId) throws Exception {
        return IngestTestSupport.text(ws, "select flags || ' ' || dropped_attributes || ' ' || dropped_events || ' ' "
                + "|| dropped_links from spans where span_id = '" + spanId + "'");
    }
}
