package io.prodlab.ingest;

import io.prodlab.store.ImportExtentQuery;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static io.prodlab.ingest.IngestTestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A batch's extents read in one pass are each file's own, as read one file at a time. */
class ImportExtentsTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();

    @Test
    void theOnePassExtentsOfABatchAreEachFilesOwn() throws Exception {
        var ws = temp.workspace();
        List<FileImportResult> results = new ImportService().importPaths(ws, List.of(fixture("otlp-json-traces"),
                fixture("prometheus-text"), fixture("feature-flags")), ImportListener.NONE, () -> false);
        assertTrue(results.size() > 8, "past the per-file threshold: " + results.size());
        List<FileImportResult> batched = FileImportResult.withExtents(ws, results);
        ImportExtentQuery q = new ImportExtentQuery(ws);
        int withRange = 0;
        for (FileImportResult r : batched) {
            if (r.importId() <= 0) {
                continue;
            }
            ImportExtentQuery.Extent one = q.of(r.importId(), FileImportResult.REJECTED_SHOWN);
            assertEquals(one, r.extent(), r.path());
            withRange += one.firstNs() == null ? 0 : 1;
        }
        assertTrue(withRange > 20, "files with a time range: " + withRange);
    }
}
