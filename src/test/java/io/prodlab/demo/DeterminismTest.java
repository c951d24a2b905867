package io.prodlab.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Same options, same bytes; different seed, different data. */
class DeterminismTest {

    private final DemoGenerator generator = new DemoGenerator();

    @Test
    void sameSeedAndCountGiveByteIdenticalFiles(@TempDir Path a, @TempDir Path b) throws IOException {
        DemoGenerator.Options options = new DemoGenerator.Options(8_000, 5, 300);
        DemoGenerator.Result first = generator.generate(a, options);
        DemoGenerator.Result second = generator.generate(b, options);
        assertEquals(List.of(a.resolve("traces.otlp.jsonl"), a.resolve("ground-truth.json")), first.files());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(Files.readAllBytes(first.files().get(i)), Files.readAllBytes(second.files().get(i)),
                    first.files().get(i).getFileName() + " differs between runs");
        }
    }

    @Test
    void gzipOutputIsByteIdenticalAndHoldsTheSameLines(@TempDir Path plain, @TempDir Path a, @TempDir Path b)
            throws IOException {
        DemoGenerator.Options options = new DemoGenerator.Options(5_000, 9, 500, true);
        DemoGenerator.Result first = generator.generate(a, options);
        DemoGenerator.Result second = generator.generate(b, options);
        assertEquals(a.resolve("traces.otlp.jsonl.gz"), first.files().get(0));
        assertArrayEquals(Files.readAllBytes(first.files().get(0)), Files.readAllBytes(second.files().get(0)));
        DemoGenerator.Result uncompressed = generator.generate(plain, options.withGzip(false));
        assertArrayEquals(Files.readAllBytes(uncompressed.files().get(0)),
                ParsedDataset.contentOf(first.files().get(0)));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = DemoGenerator.Format.class, names = {"JAEGER", "ZIPKIN"})
    void jaegerAndZipkinAreByteIdenticalToo(DemoGenerator.Format format, @TempDir Path a, @TempDir Path b)
            throws IOException {
        DemoGenerator.Options options = new DemoGenerator.Options(2_000, 5, 300).withFormat(format);
        DemoGenerator.Result first = generator.generate(a, options);
        DemoGenerator.Result second = generator.generate(b, options);
        assertEquals(a.resolve(format.fileName(false)), first.files().get(0));
        assertArrayEquals(Files.readAllBytes(first.files().get(0)), Files.readAllBytes(second.files().get(0)));
        assertTrue(Files.readString(first.files().get(1)).contains("\"traces\" : \"" + format.fileName(false) + "\""));
    }

    @Test
    void anotherFormatReplacesTheTracesFileSoTheFolderHoldsOneCopy(@TempDir Path dir) throws IOException {
        generator.generate(dir, new DemoGenerator.Options(1_000, 5, 300));
        generator.generate(dir, new DemoGenerator.Options(1_000, 5, 300).withFormat(DemoGenerator.Format.ZIPKIN));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("ground-truth.json", "traces.zipkin.json"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void differentSeedGivesDifferentData(@TempDir Path a, @TempDir Path b) throws IOException {
        DemoGenerator.Result one = generator.generate(a, new DemoGenerator.Options(3_000, 1, 500));
        DemoGenerator.Result two = generator.generate(b, new DemoGenerator.Options(3_000, 2, 500));
        String first = Files.readString(one.files().get(0));
        String second = Files.readString(two.files().get(0));
        assertFalse(first.equals(second));
        // The ids differ too, not only the timings.
        assertFalse(firstTraceId(first).equals(firstTraceId(second)));
    }

    private static String firstTraceId(String jsonLines) {
        int at = jsonLines.indexOf("\"traceId\":\"") + 11;
        return jsonLines.substring(at, at + 32);
    }

    @Test
    void committedSampleDataIsWhatTheDefaultsGenerate(@TempDir Path dir) throws IOException {
        Path committed = Path.of("sample-data");
        DemoGenerator.Result result = generator.generate(dir, DemoGenerator.Options.defaults());
        assertArrayEquals(Files.readAllBytes(committed.resolve("ground-truth.json")),
                Files.readAllBytes(result.files().get(1)), "sample-data/ground-truth.json is stale");
        Path traces = committed.resolve(result.files().get(0).getFileName());
        // Compare the content: gzip's compressed bytes could differ with another zlib build.
        assertArrayEquals(ParsedDataset.contentOf(traces), ParsedDataset.contentOf(result.files().get(0)),
                traces + " is stale: regenerate it (sample-data/README.md)");
    }

    @Test
    void replacesTheOtherCompressionAndLeavesNoTemporaryFiles(@TempDir Path dir) throws IOException {
        generator.generate(dir, new DemoGenerator.Options(500, 3, 100, false));
        generator.generate(dir, new DemoGenerator.Options(500, 3, 100, true));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("ground-truth.json", "traces.otlp.jsonl.gz"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void cancellationStopsTheRunAndKeepsThePreviousFiles(@TempDir Path dir) throws IOException {
        DemoGenerator.Result before = generator.generate(dir, new DemoGenerator.Options(1_000, 3, 100));
        byte[] previous = Files.readAllBytes(before.files().get(0));
        AtomicLong reported = new AtomicLong();
        assertThrows(java.io.InterruptedIOException.class, () -> generator.generate(dir,
                new DemoGenerator.Options(200_000, 4, 100), reported::set, () -> true));
        assertArrayEquals(previous, Files.readAllBytes(before.files().get(0)));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void rejectsNonsenseOptions() {
        assertThrows(IllegalArgumentException.class, () -> new DemoGenerator.Options(0, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new DemoGenerator.Options(10, 1, 0));
    }

    @Test
    void aSingleSpanRequestWritesOneWholeTrace(@TempDir Path dir) throws IOException {
        DemoGenerator.Result result = generator.generate(dir, new DemoGenerator.Options(1, 3, 1000));
        // Seed 3's first request is one checkout trace of 17 spans; the generator never cuts a trace.
        assertEquals(1, result.traces());
        assertEquals(17, result.spans());
        assertEquals(1, Files.readAllLines(result.files().get(0)).size());
    }
}
