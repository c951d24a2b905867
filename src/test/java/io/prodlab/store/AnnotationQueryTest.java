package io.prodlab.store;

import io.prodlab.model.Annotation;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static io.prodlab.testing.Spans.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which annotations a time range [100, 200) overlaps. */
class AnnotationQueryTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();

    @BeforeEach
    void writeAnnotations() throws Exception {
        SpanChunk chunk = new SpanChunk();
        chunk.add(new Annotation("fault", "before", 10, 100L, "cart", "{}"));
        chunk.add(new Annotation("fault", "across the start", 50, 120L, "cart", "{\"delay_ms\":250}"));
        chunk.add(new Annotation("deploy", "at the start", 100, 100L, "frontend", "{}"));
        chunk.add(new Annotation("incident", "inside", 150, 160L, "", "{}"));
        chunk.add(new Annotation("flag_change", "open", 190, null, "", "{}"));
        chunk.add(new Annotation("deploy", "at the end", 200, 200L, "", "{}"));
        try (ImportWriter w = temp.workspace().beginImport("/t/a.json", "sha-a", "otlp-json", 10)) {
            w.addSpan(aSpan().startNs(150).build());
            w.write(chunk);
            w.commit("test");
        }
    }

    private List<String> names(long from, long to) throws Exception {
        return new AnnotationQuery(temp.workspace()).overlapping(from, to).stream().map(Annotation::name).toList();
    }

    @Test
    void keepsWhatOverlapsTheRangeByStart() throws Exception {
        assertEquals(List.of("across the start", "at the start", "inside", "open"), names(100, 200));
    }

    @Test
    void openBoundsKeepEverything() throws Exception {
        assertEquals(6, names(Long.MIN_VALUE, Long.MAX_VALUE).size());
        List<Annotation> all = new AnnotationQuery(temp.workspace()).overlapping(Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(null, all.stream().filter(a -> a.name().equals("open")).findFirst().orElseThrow().endNs());
        assertEquals("cart", all.get(0).target());
    }

    @Test
    void anOpenWindowRunsOnAndAWindowEndingAtTheStartIsOut() throws Exception {
        assertEquals(List.of("open", "at the end"), names(195, 1_000));
        assertEquals(List.of("before", "across the start"), names(0, 60));
    }
}
