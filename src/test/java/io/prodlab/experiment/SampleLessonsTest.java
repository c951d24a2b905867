package io.prodlab.experiment;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The lessons in sample-data/ are what the code writes (compared uncompressed: zlib builds differ). */
class SampleLessonsTest {
    static List<Lessons.Lesson> lessons() {
        return Lessons.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lessons")
    void theCommittedLessonIsWhatTheCodeWrites(Lessons.Lesson lesson, @TempDir Path dir) throws Exception {
        Path fresh = Lessons.write(lesson, dir);
        Path committed = Path.of("sample-data/lessons").resolve(lesson.name());
        assertEquals(Files.readString(fresh.resolve("plan.yaml")), Files.readString(committed.resolve("plan.yaml")));
        assertEquals(Files.readString(fresh.resolve("truth.json")), Files.readString(committed.resolve("truth.json")));
        assertArrayEquals(gunzip(fresh.resolve("traces.otlp.jsonl.gz")),
                gunzip(committed.resolve("traces.otlp.jsonl.gz")), "rewrite with prodlab experiment lessons "
                        + "sample-data/lessons");
        if (Lessons.hasExposureLog(lesson.name())) {
            assertArrayEquals(gunzip(fresh.resolve(Lessons.EXPOSURES)), gunzip(committed.resolve(Lessons.EXPOSURES)));
        }
    }

    private static byte[] gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return in.readAllBytes();
        }
    }
}
