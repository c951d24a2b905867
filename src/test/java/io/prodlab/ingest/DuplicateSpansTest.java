package io.prodlab.ingest;

import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.fixture;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static io.prodlab.ingest.OtlpJson.aRequest;
import static io.prodlab.ingest.OtlpJson.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The same span arriving twice (same trace, span id, kind and service) is stored once and counted as a duplicate. */
class DuplicateSpansTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    Workspace ws;

    @BeforeEach
    void open() throws Exception {
        ws = temp.workspace();
    }

    private static final String DISTINCT = "select count(*) from (select distinct trace_id, span_id, kind, service_name "
            + "from spans)";

    @Test
    void theRealTraceFixturesStoreEachSpanOnceAndCountTheRepeats() throws Exception {
        List<FileImportResult> r = new ImportService().importPaths(ws, List.of(fixture("otlp-json-traces")),
                ImportListener.NONE, () -> false);
        // 763 rows before: two files repeat a span of their own.
        assertEquals(761, ws.spanCount());
        assertEquals(761, count(ws, DISTINCT));
        assertEquals(2, r.stream().mapToLong(FileImportResult::duplicates).sum());
        for (FileImportResult f : r) {
            boolean repeats = f.path().endsWith("jaeger-ui-pr2564_otlp2jaeger-in.crlf.json")
                    || f.path().endsWith("ottl-playground_traces.json");
            assertEquals(repeats ? 1 : 0, f.duplicates(), f.path());
        }
        assertEquals(2, count(ws, "select sum(duplicates) from imports"));
    }

    @Test
    void theSameTraceInAnotherFileAndFormatLandsOnceWithItsEvents() throws Exception {
        FileImportResult first = importOne(ws, fixture("otlp-json-traces/otlp2parquet_traces.jsonl"));
        FileImportResult second = importOne(ws, fixture("otlp-protobuf/otlp2parquet_traces.pb"));
        assertEquals(FileImportResult.Status.IMPORTED, second.status(), second.message());
        assertEquals(19, first.spans());
        assertEquals(0, second.spans());
        assertEquals(19, second.duplicates());
        assertEquals(0, second.events(), "the events of spans already there are not stored again");
        assertEquals(19, ws.spanCount());
        assertEquals(6, count(ws, "select count(*) from span_events"));
        assertEquals(19, ws.importLog().imports().get(1).counts().duplicates());
        assertEquals(true, second.message().contains("19 duplicate spans already there"), second.message());
    }

    @Test
    void aSpanRepeatedInALaterChunkOfTheSameFileIsStoredOnce() throws Exception {
        StringBuilder sb = new StringBuilder();
        String repeated = aRequest().withSpan(aSpan().withSpanId("00000000000000aa")
                .with("events", "[{\"timeUnixNano\":\"1700000000100000000\",\"name\":\"retry\"}]")).json();
        sb.append(repeated).append('\n');
        for (int i = 0; i < 40; i++) {
            sb.append(aRequest().withSpan(aSpan()).json()).append('\n');
        }
        sb.append(repeated).append('\n');
        Path f = Files.write(temp.dir().resolve("again.jsonl"), sb.toString().getBytes(StandardCharsets.UTF_8));
        FileImportResult r = new ImportService(2048).importPaths(ws, List.of(f), ImportListener.NONE, () -> false).get(0);
        assertEquals(41, r.spans(), r.message());
        assertEquals(1, r.duplicates(), r.message());
        assertEquals(1, r.events(), r.message());
        assertEquals(1, count(ws, "select count(*) from spans where span_id = '00000000000000aa'"));
        assertEquals(1, count(ws, "select count(*) from span_events where span_id = '00000000000000aa'"));
    }

    /**
     * The same span twice in one chunk, each copy with its own events and link: the copy stored first
     * keeps its events and link, the other's are not stored — on the small-chunk path (a few rows) and
     * on the CSV path (a chunk past the small load's rows) alike, so counts do not depend on chunk size.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} filler spans")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 400})
    void aSpanRepeatedInTheSameChunkKeepsTheEventsOfTheCopyStored(int filler) throws Exception {
        String events = "[{\"timeUnixNano\":\"1700000000100000000\",\"name\":\"%s\"},"
                + "{\"timeUnixNano\":\"1700000000200000000\",\"name\":\"%s\"}]";
        String link = "[{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"%s\"}]";
        StringBuilder sb = new StringBuilder();
        sb.append(aRequest().withSpan(aSpan().withSpanId("00000000000000cc").with("events", events.formatted("first", "first"))
                .with("links", link.formatted("00000000000000d1"))).json()).append('\n');
        for (int i = 0; i < filler; i++) {
            sb.append(aRequest().withSpan(aSpan()).json()).append('\n');
        }
        sb.append(aRequest().withSpan(aSpan().withSpanId("00000000000000cc").with("events", events.formatted("again", "again"))
                .with("links", link.formatted("00000000000000d2"))).json()).append('\n');
        Path f = Files.write(temp.dir().resolve("twice-" + filler + ".jsonl"), sb.toString().getBytes(StandardCharsets.UTF_8));
        FileImportResult r = new ImportService().importPaths(ws, List.of(f), ImportListener.NONE, () -> false).get(0);
        assertEquals(1, r.duplicates(), r.message());
        assertEquals(2, r.events(), r.message());
        assertEquals(1, r.links(), r.message());
        assertEquals(2, count(ws, "select count(*) from span_events where span_id = '00000000000000cc' and name = 'first'"));
        assertEquals(0, count(ws, "select count(*) from span_events where name = 'again'"));
        assertEquals(1, count(ws, "select count(*) from span_links where linked_span_id = '00000000000000d1'"));
        assertEquals(0, count(ws, "select count(*) from span_links where linked_span_id = '00000000000000d2'"));
    }

    @Test
    void aClientAndAServerSharingASpanIdAreBothKept() throws Exception {
        String client = aRequest().withSpan(aSpan().withSpanId("00000000000000bb").with("kind", "3")).json();
        String server = aRequest().withSpan(aSpan().withSpanId("00000000000000bb").with("kind", "2")).json();
        Path f = Files.write(temp.dir().resolve("shared.jsonl"), (client + "\n" + server + "\n" + client + "\n")
                .getBytes(StandardCharsets.UTF_8));
        FileImportResult r = importOne(ws, f);
        assertEquals(2, r.spans(), r.message());
        assertEquals(1, r.duplicates(), r.message());
        assertEquals(2, count(ws, "select count(distinct kind) from spans where span_id = '00000000000000bb'"));
    }

    /**
     * Files past the small load (more than 256 rows a chunk) are checked against earlier imports once,
     * when the file ends: the spans of the first file are found in the second, with their events, in
     * another order and among new spans, and only the new ones are stored.
     */
    @Test
    void aBigFileRepeatingAnEarlierFilesSpansStoresOnlyItsNewOnes() throws Exception {
        String event = "[{\"timeUnixNano\":\"1700000000100000000\",\"name\":\"retry\"}]";
        List<String> old = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            old.add(aRequest().withSpan(aSpan().with("events", event)).json());
        }
        Path first = Files.write(temp.dir().resolve("first.jsonl"), (String.join("\n", old) + "\n").getBytes(StandardCharsets.UTF_8));
        List<String> again = new java.util.ArrayList<>(old);
        java.util.Collections.reverse(again);
        for (int i = 0; i < 300; i++) {
            again.add(i * 3, aRequest().withSpan(aSpan().with("events", event)).json());
        }
        again.add(again.get(5)); // and one of the new spans twice in this file
        Path second = Files.write(temp.dir().resolve("second.jsonl"), (String.join("\n", again) + "\n").getBytes(StandardCharsets.UTF_8));
        FileImportResult a = importOne(ws, first);
        FileImportResult b = importOne(ws, second);
        assertEquals(600, a.spans(), a.message());
        assertEquals(0, a.duplicates(), a.message());
        assertEquals(300, b.spans(), b.message());
        assertEquals(601, b.duplicates(), b.message());
        assertEquals(300, b.events(), "the events of the spans already there are not stored again: " + b.message());
        assertEquals(900, ws.spanCount());
        assertEquals(900, count(ws, DISTINCT));
        assertEquals(900, count(ws, "select count(*) from span_events"));
        assertEquals(300, count(ws, "select count(*) from span_events where import_id = " + ws.importLog().imports().get(1).importId()));
        assertEquals(601, ws.importLog().imports().get(1).counts().duplicates());
        assertEquals(300, ws.importLog().imports().get(1).counts().spans());
        assertEquals(300, ws.importLog().imports().get(1).counts().events());
    }
}
