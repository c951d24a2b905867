package io.prodlab.ingest;

import io.prodlab.store.Workspace;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.prodlab.ingest.IngestTestSupport.count;
import static io.prodlab.ingest.IngestTestSupport.fixture;
import static io.prodlab.ingest.IngestTestSupport.importOne;
import static io.prodlab.ingest.IngestTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The new readers' records as the workspace tables hold them after an import. */
class NewFormatsWorkspaceTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();
    @TempDir
    Path dir;
    Workspace ws;

    @BeforeEach
    void open() throws Exception {
        ws = temp.workspace();
    }

    @Test
    void aHistogramLandsAsOneRowWithItsBucketsAndExemplars() throws Exception {
        FileImportResult r = importOne(ws, fixture("openmetrics-text/prometheus_textparse_alltypes.5mfs.om.txt"));
        assertEquals(FileImportResult.Status.IMPORTED, r.status(), r.message());
        assertEquals(10, r.metricPoints());
        assertTrue(r.message().startsWith("0 spans, 0 events, 0 links, 10 metric points imported; 0 records rejected "
                + "(OpenMetrics text, 5 families, 53 samples as 10 metric points; 10 of them without a timestamp, stored "
                + "at time 0"), r.message());
        assertEquals("histogram 15 21 [0, 0, 0, 0, 0, 0, 0, 3, 2, 0, 3, 1, 2, 4, 0, 0, 0, 0, 0, 0, 0] 6", text(ws,
                "select type || ' ' || count || ' ' || len(bucket_counts) || ' ' || bucket_counts::varchar || ' ' "
                        + "|| json_array_length(exemplars) from metric_points where name = 'rpc_durations_histogram_seconds'"));
        assertEquals(10, count(ws, "select count(*) from metric_points where time_ns = 0"));
    }

    @Test
    void annotationsAndExposuresLandWithTheirTimes() throws Exception {
        importOne(ws, fixture("chaostoolkit/chaostoolkit-ansible_journal.journal.json"));
        assertEquals("experiment_run,fault,probe,rollback,steady_state_probe,steady_state_probe", text(ws,
                "select string_agg(kind, ',' order by kind) from annotations"));
        assertEquals(8162249000L, count(ws, "select end_ns - start_ns from annotations where kind = 'experiment_run'"));
        importOne(ws, fixture("feature-flags/go-feature-flag_fileexporter_all_default.json"));
        assertEquals("ABCD random-key Default 1617970547000000000,EFGH random-key Default 1617970701000000000", text(ws,
                "select string_agg(unit_id || ' ' || flag_key || ' ' || variant || ' ' || time_ns, ',' order by unit_id) "
                        + "from exposures"));
    }

    @Test
    void aReimportIsANoOpAndARefusedFileLeavesTheWorkspaceAsItWas() throws Exception {
        Path prom = fixture("prometheus-text/prometheus-common_expfmt_testdata_text.txt");
        importOne(ws, prom);
        assertEquals(FileImportResult.Status.SKIPPED, importOne(ws, prom).status());
        assertEquals(74, count(ws, "select count(*) from metric_points"));
        Path bad = Files.writeString(dir.resolve("api.json"), "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                + "\"result\":[{\"metric\":{},\"value\":[1,\"2\"]}");
        FileImportResult r = importOne(ws, bad);
        assertEquals(FileImportResult.Status.REFUSED, r.status());
        assertTrue(r.message().startsWith(bad + ": line 1, column "), r.message());
        assertEquals(74, count(ws, "select count(*) from metric_points"));
        assertEquals(1, ws.importLog().imports().size());
    }
}
