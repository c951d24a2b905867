package io.prodlab.ingest;

import io.prodlab.model.Annotation;
import io.prodlab.model.MetricPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CSV with a header: columns mapped by name, time units detected and shown, bad rows and headers refused. */
class CsvReaderTest {
    @TempDir
    Path dir;

    private static final String SPANS = """
            trace_id,span_id,parent_span_id,service,name,kind,start_time_unix_nano,duration_ms,status,http.route
            4bf92f3577b34da6a3ce929d0e0e4736,00f067aa0ba902b7,,frontend,GET /cart,server,1764496800000000000,12.5,ok,/cart
            4bf92f3577b34da6a3ce929d0e0e4736,00f067aa0ba902b8,00f067aa0ba902b7,cart,"get, cached",client,1764496800001000000,3,error,
            """;

    @Test
    void spansAreMappedByColumnNameWithUnitsFromTheNames() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "s.csv", SPANS);
        assertEquals(CsvReader.FORMAT, r.format());
        assertEquals(2, r.spans().size(), r.rejected().toString());
        String[] root = r.spans().get(0);
        assertEquals(List.of("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "", "1", "GET /cart", "server",
                "1764496800000000000", "1764496800012500000", "ok", "", "{\"http.route\":\"/cart\"}", "", "0", "0",
                "0", "0", "0"), List.of(root), "no flags or dropped counts in a CSV; the last field is the span's row "
                + "in its chunk (which arrival is stored first)");
        String[] child = r.spans().get(1);
        assertEquals("get, cached | client | error | 00f067aa0ba902b7 | 2", child[4] + " | " + child[5] + " | " + child[8]
                + " | " + child[2] + " | " + child[3]);
        assertEquals("CSV of spans, 2 rows; columns mapped: trace_id ← trace_id, span_id ← span_id, parent_span_id ← "
                + "parent_span_id, service ← service, kind ← kind, status ← status, start ← start_time_unix_nano "
                + "(ns since 1970, from the column name), duration ← duration_ms (ms), name ← name", r.summary());
    }

    @Test
    void metricsWithMillisecondTimesToldByMagnitude() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "m.csv", """
                timestamp;metric;value;host
                1764496800123;cpu_usage;0.75;a
                1764496860123;cpu_usage;NaN;b
                """);
        assertEquals(2, r.points().size());
        MetricPoint p = r.points().get(0);
        assertEquals("cpu_usage gauge 1764496800123000000 0.75 {\"host\":\"a\"}", p.name() + " " + p.type() + " "
                + p.timeNs() + " " + p.value() + " " + p.attributesJson());
        assertTrue(Double.isNaN(r.points().get(1).value()));
        assertTrue(r.summary().contains("time ← timestamp (ms since 1970)"), r.summary());
    }

    @Test
    void windowsWithIsoTimesBecomeAnnotations() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "w.csv", """
                kind,target,start,end,note
                fault,cart,2025-11-30T10:00:00Z,2025-11-30T10:05:00Z,latency 200ms
                deploy,checkout,2025-11-30 11:00:00,,v2.3
                """);
        assertEquals(List.of("fault cart 1764496800000000000 1764497100000000000 {\"note\":\"latency 200ms\"}",
                "deploy checkout 1764500400000000000 null {\"note\":\"v2.3\"}"),
                r.annotations().stream().map((Annotation a) -> a.kind() + " " + a.target() + " " + a.startNs() + " "
                        + a.endNs() + " " + a.attributesJson()).toList());
        assertTrue(r.summary().contains("start ← start (ISO-8601)"), r.summary());
    }

    @Test
    void exposuresWithSecondsTimes() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "e.csv", """
                user_id,experiment_id,variation_id,timestamp,reason
                u1,checkout,B,1764496800,split
                """);
        assertEquals("u1 checkout B 1764496800000000000 split", r.exposures().stream().map(e -> e.unitId() + " "
                + e.flagKey() + " " + e.variant() + " " + e.timeNs() + " " + e.reason()).findFirst().orElseThrow());
        assertTrue(r.summary().contains("time ← timestamp (s since 1970)"), r.summary());
    }

    @Test
    void anUnrecognisedHeaderIsRefusedListingItsColumnsAndTheNamesToUse() throws Exception {
        Path f = Files.writeString(dir.resolve("u.csv"), "when,who,what\n2025-01-01,me,coffee\n");
        ImportException e = assertThrows(ImportException.class, () -> ReadIntoChunks.read(f));
        assertEquals(f + ": line 1: the CSV header (when, who, what) has none of the sets of columns Prodlab maps. "
                + "Rename the columns to " + CsvReader.NAMES + ", or map them (prodlab import --map column=field,...; "
                + "the Import view asks). Nothing was imported.", e.getMessage());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            1764496800123;cpu;0.75;a      | 1764496800123;cpu;0.75            | expected 4 fields (as the header), found 3
            1764496800123;cpu;0.75;a      | 1764496800123;cpu;lots;a          | the value "lots" is not a number (digits, NaN, +Inf or -Inf)
            1764496800123;cpu;0.75;a      | yesterday;cpu;0.75;a              | timestamp "yesterday" is not an ISO-8601 time
            1764496800123;cpu;0.75;a      | 1764496800123;;0.75;a             | the metric column is empty
            """)
    void aBadRowIsRejectedWithItsLineAndTheOthersKept(String good, String bad, String reason) throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "m.csv", "timestamp;metric;value;host\n" + good + "\n" + bad + "\n");
        assertEquals(1, r.points().size());
        assertEquals("line 3", r.rejected().get(0).location());
        assertEquals(reason, r.rejected().get(0).reason());
    }

    @Test
    void aQuotedFieldMayHoldALineBreak() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "w.csv", "kind,name,start,end\nincident,\"db\ndown\",1764496800,"
                + "1764496900\n");
        assertEquals("db\ndown", r.annotations().get(0).name());
        assertNull(r.rejected().isEmpty() ? null : r.rejected());
    }

    @Test
    void mutatedCsvNeverCrashesOrHangs() throws Exception {
        List<Path> files = List.of(Files.writeString(dir.resolve("spans.csv"), SPANS));
        assertTrue(ReadIntoChunks.fuzz(files, 20261206L, 200, ",;\"\n0aZ-:.", dir, Duration.ofSeconds(60)) > 0);
    }

    // --- the user's mapping and the recognition before import ------------------------------

    private static java.util.Map<String, String> mapping(String text) {
        return CsvMapping.parse(text);
    }

    @Test
    void aMappingGivenMakesRowsOfColumnsNoNameMaps() throws Exception {
        Path f = Files.writeString(dir.resolve("u.csv"), "when,until,who,what\n2025-01-01T10:00:00Z,,cart,latency 200ms\n");
        ReadIntoChunks.Result r = ReadIntoChunks.read(f, new ImportHints.ForFile(mapping("when=start,who=target,what=name"),
                null));
        assertEquals(List.of("fault cart latency 200ms 1735725600000000000 null"), r.annotations().stream()
                .map(a -> a.kind() + " " + a.target() + " " + a.name() + " " + a.startNs() + " " + a.endNs()).toList());
        assertTrue(r.summary().contains("start ← when (ISO-8601)"), r.summary());
    }

    @Test
    void aColumnMappedAwayFromItsNamesFieldBecomesAnAttributeAndTheOthersKeepTheirNames() throws Exception {
        Path f = Files.writeString(dir.resolve("t.csv"), "time,ts,metric,value\n7,1764496800,cpu,1\n");
        ReadIntoChunks.Result r = ReadIntoChunks.read(f, new ImportHints.ForFile(mapping("ts=time:s"), null));
        MetricPoint p = r.points().get(0);
        assertEquals("cpu 1764496800000000000 {\"time\":\"7\"}", p.name() + " " + p.timeNs() + " " + p.attributesJson());
        assertTrue(r.summary().contains("time ← ts (s since 1970, as given)"), r.summary());
    }

    @Test
    void aUnitGivenAsIsoRejectsNumbers() throws Exception {
        Path f = Files.writeString(dir.resolve("i.csv"), "time,metric,value\n1764496800,cpu,1\n2025-11-30T10:00:00Z,cpu,2\n");
        ReadIntoChunks.Result r = ReadIntoChunks.read(f, new ImportHints.ForFile(mapping("time=time:iso"), null));
        assertEquals(1, r.points().size());
        assertEquals("line 2", r.rejected().get(0).location());
        assertTrue(r.rejected().get(0).reason().contains("is not an ISO-8601 time"), r.rejected().toString());
    }

    @Test
    void aMappingNamingAColumnTheHeaderLacksRefusesTheFile() throws Exception {
        Path f = Files.writeString(dir.resolve("u.csv"), "when,who,what\n1,2,3\n");
        ImportException e = assertThrows(ImportException.class, () -> ReadIntoChunks.read(f,
                new ImportHints.ForFile(java.util.Map.of("stamp", "time"), null)));
        assertEquals(f + ": line 1: the mapping names the column \"stamp\", which the header (when, who, what) does not "
                + "have. Nothing was imported.", e.getMessage());
        ImportException field = assertThrows(ImportException.class, () -> ReadIntoChunks.read(f,
                new ImportHints.ForFile(java.util.Map.of("when", "moment"), null)));
        assertTrue(field.getMessage().contains("the mapping names the field \"moment\", which is none of trace_id"),
                field.getMessage());
    }

    @Test
    void recognitionOfNamedColumnsWithUnitsInTheNamesIsCertain() {
        CsvMapping m = CsvReader.inspect(SPANS.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of());
        assertEquals("spans", m.kind());
        assertEquals("start_time_unix_nano", m.fields().get("start"));
        assertEquals("{start=ns, duration=ms}", m.timeUnits().toString());
        assertTrue(m.certain(), m.guesses().toString());
        assertFalse(m.fields().containsKey("metric"), "a column of another kind is not shown as mapped");
    }

    @Test
    void recognitionSaysWhatWasGuessedAndWhatCannotBeMapped() {
        CsvMapping byValue = CsvReader.inspect("timestamp,metric,value\n1764496800123,cpu,1\n".getBytes(), java.util.Map.of());
        assertEquals("ms", byValue.timeUnits().get("time"));
        assertEquals(List.of("timestamp: ms since 1970, told by the size of its first value (1764496800123)"),
                byValue.guesses());
        assertFalse(byValue.certain());
        CsvMapping duration = CsvReader.inspect("trace_id,span_id,start,duration\n1,2,2025-01-01T00:00:00Z,5\n"
                .getBytes(), java.util.Map.of());
        assertEquals(List.of("duration: no unit in the column's name, read as milliseconds"), duration.guesses());
        assertEquals("ISO-8601", duration.timeUnits().get("start"));
        CsvMapping none = CsvReader.inspect("when,who,what\n1,2,3\n".getBytes(), java.util.Map.of());
        assertNull(none.kind());
        assertFalse(none.certain());
        assertEquals(List.of("when", "who", "what"), none.columns());
        CsvMapping given = CsvReader.inspect("when,who,what\n1764496800,2,3\n".getBytes(),
                mapping("when=time:s,who=value,what=metric"));
        assertEquals("metrics", given.kind());
        assertTrue(given.certain(), given.guesses().toString());
        assertEquals("what=metric,who=value,when=time:s", given.asOption());
    }

    @Test
    void mappingTextIsParsedWithItsUnitsAndItsMistakesNamed() {
        assertEquals("{ts=time:ms, op=name}", mapping(" ts = time:MS , op=name,").toString());
        for (String[] bad : new String[][] {{"ts", "'ts' is not column=field"}, {"ts=", "'ts=' is not column=field"},
                {"ts=when", "'when' (for column ts) is not a field"}, {"ts=value:ms", "value is not a time"},
                {"ts=time,ts=start", "column ts is mapped twice"}, {"", "no column=field pair given"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mapping(bad[0]));
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + ": " + e.getMessage());
        }
    }
}
