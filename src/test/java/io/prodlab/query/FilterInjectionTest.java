package io.prodlab.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prodlab.model.SpanRecord;
import io.prodlab.store.ImportWriter;
import io.prodlab.store.SpanMatchQuery;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.prodlab.testing.Spans.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No value and no attribute name of a filter reaches the SQL text, whatever it holds — quotes,
 * semicolons, {@code --}, backslashes, slashes, tildes: seeded random names and values, in
 * values and in quoted names, each compiled, checked for its SQL alphabet, and run to find
 * exactly the span that carries it.
 */
class FilterInjectionTest {
    private static final String NASTY = "'\";--\\/~%*_$ \n\tab()=<>?é";
    /** The only text inside single quotes that compiled SQL may contain. */
    private static final Set<String> SQL_LITERALS = Set.of("VARCHAR", "BIGINT", "UBIGINT", "DOUBLE", "BOOLEAN", "");
    private static final Pattern SQL_ALPHABET = Pattern.compile("[A-Za-z0-9_ .,()=<>?']*");
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    @TempDir
    Path dir;

    private static String random(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 3 + r.nextInt(10);
        for (int i = 0; i < n; i++) {
            sb.append(NASTY.charAt(r.nextInt(NASTY.length())));
        }
        return sb.toString();
    }

    /** The filter language's own string syntax for {@code s}. */
    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }

    @Test
    void noValueOrNameReachesTheSqlAndEachFindsItsSpan() throws Exception {
        Random r = new Random(20261201L);
        ObjectMapper json = new ObjectMapper();
        int n = 200;
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<SpanRecord> spans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = random(r) + i;
            String value = random(r) + i;
            keys.add(key);
            values.add(value);
            spans.add(aSpan().spanId(String.format("%016x", i + 1)).name(value)
                    .attributes(json.writeValueAsString(Map.of(key, value)))
                    .resource(json.writeValueAsString(Map.of("r" + key, i))).build());
        }
        try (Workspace ws = Workspace.openOrCreate(dir.resolve("i.prodlab"))) {
            try (ImportWriter w = ws.beginImport("/test/nasty.json", "sha", "otlp-json", 1)) {
                for (SpanRecord s : spans) {
                    w.addSpan(s);
                }
                w.commit("nasty");
            }
            SpanMatchQuery q = new SpanMatchQuery(ws);
            for (int i = 0; i < n; i++) {
                String id = String.format("%016x", i + 1);
                String k = quoted(keys.get(i));
                String v = quoted(values.get(i));
                List<String> filters = List.of(
                        k + " = " + v,
                        "span." + k + " in (" + quoted("other") + ", " + v + ")",
                        k + " =~ " + quoted(Pattern.quote(values.get(i))),
                        "name = " + v + " and " + k + " exists",
                        "resource.\"r" + keys.get(i).replace("\\", "\\\\").replace("\"", "\\\"")
                                .replace("\n", "\\n").replace("\t", "\\t") + "\" = " + i,
                        "not " + k + " != " + v + " and " + k + " exists");
                for (String filter : filters) {
                    SqlFilter f = FilterCompiler.compile(filter, "s", FieldCatalog.NONE);
                    assertSafe(f.sql(), filter);
                    assertEquals(List.of(id), q.spanIds(f.sql(), f.params()), filter + "\n" + f.sql());
                }
            }
        }
    }

    private static void assertSafe(String sql, String filter) {
        assertTrue(SQL_ALPHABET.matcher(sql).matches(), "unexpected characters in SQL for " + filter + ": " + sql);
        assertFalse(sql.contains("--"), sql);
        Matcher m = QUOTED.matcher(sql);
        while (m.find()) {
            assertTrue(SQL_LITERALS.contains(m.group(1)), "a literal that is not ours: '" + m.group(1) + "' in " + sql);
        }
    }
}
