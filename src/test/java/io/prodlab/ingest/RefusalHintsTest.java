package io.prodlab.ingest;

import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.fixture;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file no reader takes is refused with what it looks like and what Prodlab reads, and nothing is written. */
class RefusalHintsTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            prometheus-api-json/jaeger_service_operation_datapoint_response.json | (a Prometheus HTTP API response?)
            """)
    void refusesWithWhatTheFileLooksLikeAndWhatProdlabReads(String relative, String hint) throws Exception {
        Workspace ws = temp.workspace();
        Path f = fixture(relative);
        FileImportResult r = importOne(ws, f);
        assertEquals(FileImportResult.Status.REFUSED, r.status(), r.message());
        assertEquals("unknown", r.format());
        assertTrue(r.message().startsWith(f + ": line 1, column 1: "), r.message());
        assertTrue(r.message().contains(hint), r.message());
        assertTrue(r.message().contains(TraceReaders.READS), r.message());
        assertEquals(0, ws.importLog().imports().size());
        assertEquals(0, count(ws, "select count(*) from rejected"));
    }
}
