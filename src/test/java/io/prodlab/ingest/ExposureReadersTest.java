package io.prodlab.ingest;

import io.prodlab.model.Exposure;
import io.prodlab.model.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.prodlab.ingest.IngestTestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every real feature-flag file: exposure logs read, client-spec tests refused; malformed and mutated input. */
class ExposureReadersTest {
    @TempDir
    Path dir;

    private static String row(Exposure e) {
        return e.unitId() + " | " + e.flagKey() + " | " + e.variant() + " | " + e.timeNs() + " | " + e.flagVersion();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            go-feature-flag_collect_eval_data_mix_tracking_evaluation.json         | exposures-json      | 2 | 1 | 1
            go-feature-flag_collect_eval_data_valid_request_with_timestamp_ms.json | exposures-json      | 1 | 1 | 0
            go-feature-flag_fileexporter_all_default.csv                           | go-feature-flag-csv | 2 | 2 | 0
            go-feature-flag_fileexporter_all_default.json                          | exposures-json      | 2 | 2 | 0
            go-feature-flag_fileexporter_custom_file_name.json                     | exposures-json      | 2 | 2 | 0
            go-feature-flag_webhookexporter_valid_with_signature.json              | exposures-json      | 2 | 2 | 0
            """)
    void readsEveryRealExposureLogWithExactCounts(String name, String format, long records, long exposures,
                                                  long tracking) throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(fixture("feature-flags/" + name));
        assertEquals(format, r.format(), r.summary());
        assertEquals(exposures, r.exposures().size(), r.summary());
        assertEquals(tracking, r.logs().size(), r.summary());
        assertEquals(0, r.rejected().size(), r.rejected().toString());
        assertTrue(r.summary().contains(records + " " + (format.endsWith("csv") ? "row" : "record")), r.summary());
    }

    @Test
    void theExporterFilesGiveUnitFlagVariantTimeAndVersion() throws Exception {
        List<String> expected = List.of("ABCD | random-key | Default | 1617970547000000000 | ",
                "EFGH | random-key | Default | 1617970701000000000 | 127");
        assertEquals(expected, ReadIntoChunks.read(fixture("feature-flags/go-feature-flag_fileexporter_all_default.json"))
                .exposures().stream().map(ExposureReadersTest::row).toList());
        assertEquals(expected, ReadIntoChunks.read(fixture("feature-flags/go-feature-flag_webhookexporter_valid_with_signature.json"))
                .exposures().stream().map(ExposureReadersTest::row).toList());
        ReadIntoChunks.Result csv = ReadIntoChunks.read(fixture("feature-flags/go-feature-flag_fileexporter_all_default.csv"));
        assertEquals(List.of("ABCD | random-key | Default | 1617970547000000000 | ",
                "EFGH | random-key | Default | 1617970701000000000 | "), csv.exposures().stream().map(ExposureReadersTest::row).toList());
        assertEquals("{\"contextKind\":\"anonymousUser\",\"value\":\"YO2\",\"default\":\"false\",\"source\":\"SERVER\"}",
                csv.exposures().get(1).attributesJson());
    }

    @Test
    void timesInSecondsAndMillisecondsAreToldApartAndNamedInTheSummary() throws Exception {
        ReadIntoChunks.Result ms = ReadIntoChunks.read(fixture(
                "feature-flags/go-feature-flag_collect_eval_data_valid_request_with_timestamp_ms.json"));
        assertEquals(1_733_230_547_728_000_000L, ms.exposures().get(0).timeNs());
        assertTrue(ms.summary().endsWith("times read as ms since 1970 (1)"), ms.summary());
    }

    @Test
    void aTrackingEventIsALogRecordNotAnExposure() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(fixture(
                "feature-flags/go-feature-flag_collect_eval_data_mix_tracking_evaluation.json"));
        LogRecord t = r.logs().get(0);
        assertEquals("feature_flag.tracking", t.eventName());
        assertEquals(1_680_246_020_000_000_000L, t.timeNs());
        assertTrue(t.attributesJson().startsWith("{\"feature_flag.key\":\"my-feature-flag\",\"feature_flag.context.id\":"
                + "\"94a25909-20d8-40cc-8500-fee99b569345\""), t.attributesJson());
        assertTrue(t.attributesJson().contains("\"trackingEventDetails\":{\"value\":\"string\",\"version\":\"v1.0.0\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unleash-client-spec_08-variants.json", "unleash-client-spec_18-utf8-flag-names.json"})
    void anUnleashClientSpecTestIsRefusedAsNotAnExposureLog(String name) throws Exception {
        Path f = fixture("feature-flags/" + name);
        ImportException e = assertThrows(ImportException.class, () -> ReadIntoChunks.read(f));
        assertTrue(e.getMessage().startsWith(f + ": line 1, column 1: not an export Prodlab reads: found an Unleash "
                + "client-specification test (\"state\" with toggles, and \"tests\" of the results a client must compute), "
                + "not an exposure log: it records no evaluation of anyone; "), e.getMessage());
    }

    @Test
    void otherToolsFieldNamesAndOpenTelemetryAttributesAreRead() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "e.jsonl", """
                {"user_id": "u1", "experiment_id": "checkout", "variation_id": "1", "timestamp": "2025-11-30T10:00:00Z"}
                {"feature_flag.context.id": "u2", "feature_flag.key": "new-cart", "feature_flag.result.variant": "on", "feature_flag.result.reason": "split", "feature_flag.version": "7", "time_unix_nano": 1764496800000000000, "trace_id": "ABC"}
                {"contextKeys": {"user": "u3"}, "key": "beta", "variation": 2, "creationDate": 1764496800123456}
                """);
        assertEquals(List.of("u1 | checkout | 1 | 1764496800000000000 | ", "u2 | new-cart | on | 1764496800000000000 | 7",
                "u3 | beta | 2 | 1764496800123456000 | "), r.exposures().stream().map(ExposureReadersTest::row).toList());
        assertEquals("split", r.exposures().get(1).reason());
        assertEquals("abc", r.exposures().get(1).traceId());
        assertTrue(r.summary().contains("times read as µs since 1970 (1), ns since 1970 (1), ISO-8601 (1)"), r.summary());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            "variation":"Default"     | "variation":{"a":1}      | variation must be a string or number, found an object
            "creationDate":1617970701 | "creationDate":true      | creationDate must be a time (a number since 1970 or ISO-8601 text), found true
            "creationDate":1617970701 | "creationDate":"monday"  | creationDate "monday" is not an ISO-8601 time
            "creationDate":1617970701 | "other":1                | the record has no time (creationDate, timestamp, time, ts, time_unix_nano, ...)
            "variation":"Default"     | "x":"Default"            | the record has no a variant (variation, variant, variation_id, variationId, ...)
            """)
    void aBadRecordIsRejectedWithItsLineAndWhatItLacks(String replace, String with, String reason) throws Exception {
        String good = Files.readString(fixture("feature-flags/go-feature-flag_fileexporter_all_default.json"));
        String[] lines = good.split("\n");
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "e.json", lines[0] + "\n" + lines[1].replace(replace, with) + "\n");
        assertEquals(1, r.exposures().size());
        assertEquals("line 2", r.rejected().get(0).location());
        assertEquals(reason, r.rejected().get(0).reason());
    }

    @Test
    void aBadCsvRowIsRejectedAndTheOthersKept() throws Exception {
        ReadIntoChunks.Result r = ReadIntoChunks.read(dir, "e.csv", """
                feature;anonymousUser;ABCD;1617970547;random-key;Default;YO;false;SERVER
                feature;anonymousUser;EFGH;1617970701;random-key;Default;YO2;false
                tracking;anonymousUser;EFGH;1617970701;random-key;Default;YO2;false;SERVER
                """);
        assertEquals(1, r.exposures().size());
        assertEquals(List.of("line 2: expected 9 fields separated by \";\" (kind;contextKind;userKey;creationDate;key;"
                + "variation;value;default;source), found 8", "line 3: a \"tracking\" row is not an evaluation (only "
                + "\"feature\" rows are exposures)"), r.rejected().stream().map(x -> x.location() + ": " + x.reason()).toList());
    }

    @Test
    void mutatedRealExposureFilesNeverCrashOrHang() throws Exception {
        assertTrue(ReadIntoChunks.fuzz(ReadIntoChunks.filesOf("feature-flags"), 20261205L, 40, "{}[]\":,;0aZ \n", dir,
                Duration.ofSeconds(60)) > 0);
    }
}
