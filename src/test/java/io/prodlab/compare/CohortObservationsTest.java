package io.prodlab.compare;

import io.prodlab.ingest.ImportService;
import io.prodlab.store.CohortValuesQuery;
import io.prodlab.store.SqlConsole;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cohort observations on the demo shop (its planted checkout canary), checked against the same
 * figures computed by plain SQL written independently of the filter language.
 */
class CohortObservationsTest {
    @TempDir
    static Path dir;
    private static Workspace ws;

    private static final List<Cohort> CANARY = List.of(
            new Cohort("baseline", "service.name = \"checkout\" and service.version = \"1.4.0\""),
            new Cohort("canary", "service.name = \"checkout\" and service.version = \"1.5.0-canary\""));

    @BeforeAll
    static void demoShop() throws Exception {
        ws = Workspace.openOrCreate(dir.resolve("shop.prodlab"));
        new ImportService().importPaths(ws, List.of(Path.of("sample-data", "traces.otlp.jsonl.gz")), null, null);
    }

    @AfterAll
    static void close() throws Exception {
        ws.close();
    }

    private static double[] sqlValues(String sql) throws Exception {
        return new SqlConsole(ws).query(sql, Integer.MAX_VALUE).rows().stream()
                .mapToDouble(r -> ((Number) r.get(0)).doubleValue()).sorted().toArray();
    }

    private static double[] sorted(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c;
    }

    @Test
    void spanUnitTakesEveryScopedSpanOfTheCohort() throws Exception {
        List<CohortObservations.Result> r = new CohortObservations(ws).read(CANARY, "kind = server", Unit.SPAN);
        for (int i = 0; i < 2; i++) {
            String version = i == 0 ? "1.4.0" : "1.5.0-canary";
            double[] expected = sqlValues("select duration_ns / 1e6 from spans where service_name = 'checkout' "
                    + "and service_version = '" + version + "' and kind = 'server'");
            CohortValuesQuery.Observations o = r.get(i).observations();
            assertTrue(expected.length >= 50, "the demo has a real canary: " + expected.length);
            assertArrayEquals(expected, sorted(o.latencyMs()), 0.0);
            assertEquals((long) sqlValues("select count(*) from spans where service_name = 'checkout' and "
                    + "service_version = '" + version + "' and kind = 'server' and status = 'error'")[0], o.failures());
            assertEquals(List.of(), r.get(i).warnings());
        }
    }

    @Test
    void traceUnitSumsTheScopedSpansOfEachTraceThatHasACohortSpan() throws Exception {
        List<CohortObservations.Result> r = new CohortObservations(ws).read(CANARY, "service.name = \"payment\"",
                Unit.TRACE);
        double[] expected = sqlValues("""
                select sum(p.duration_ns) / 1e6 from spans p
                where p.service_name = 'payment' and p.trace_id in (
                    select trace_id from spans where service_name = 'checkout' and service_version = '1.5.0-canary')
                group by p.trace_id""");
        assertTrue(expected.length > 10, "canary traces reach payment: " + expected.length);
        assertArrayEquals(expected, sorted(r.get(1).observations().latencyMs()), 1e-9);
    }

    @Test
    void aBadCohortFilterNamesTheCohortAndTheColumn() {
        CohortException e = assertThrows(CohortException.class, () -> new CohortObservations(ws).read(
                List.of(new Cohort("canary", "service.version = ")), null, Unit.SPAN));
        assertEquals("cohort canary: at column 19: expected a value (a \"string\", a number, a duration such as 250ms, "
                + "true or false) after '=', found end of input in: service.version = ", e.getMessage());
    }

    @Test
    void aFieldNoSpanCarriesIsReportedAsAWarningOfItsCohort() throws Exception {
        List<CohortObservations.Result> r = new CohortObservations(ws).read(
                List.of(new Cohort("b", "app.regoin = \"eu\"")), null, Unit.SPAN);
        assertEquals(0, r.get(0).observations().n());
        assertEquals(1, r.get(0).warnings().size());
        assertTrue(r.get(0).warnings().get(0).startsWith("cohort b: at column 1: no span in this workspace has the "
                + "span or resource attribute 'app.regoin'"), r.get(0).warnings().get(0));
    }
}
