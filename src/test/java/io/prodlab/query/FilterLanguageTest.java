package io.prodlab.query;

import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanRecord;
import io.prodlab.model.SpanStatus;
import io.prodlab.store.ImportWriter;
import io.prodlab.store.SpanMatchQuery;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.prodlab.testing.Spans.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The filter language end to end: expressions, the spans they select, and every error message. */
class FilterLanguageTest {
    @TempDir
    static Path dir;

    private static Workspace ws;
    private static SpanMatchQuery spans;
    private static FieldCatalog catalog;

    @BeforeAll
    static void smallWorkspace() throws Exception {
        ws = Workspace.openOrCreate(dir.resolve("f.prodlab"));
        SpanRecord s1 = aSpan().spanId("0000000000000001").service("checkout").version("2.0").name("POST /checkout")
                .kind(SpanKind.SERVER).durationMs(300).error("boom")
                .attributes("{\"http.route\":\"/checkout\",\"http.status_code\":500,\"retry\":true,"
                        + "\"feature_flag.result.variant\":\"treatment\"}")
                .resource("{\"service.name\":\"checkout\",\"k8s.namespace.name\":\"shop-prod\",\"region\":\"eu\"}")
                .build();
        SpanRecord s3 = aSpan().spanId("0000000000000003").traceId("1af7651916cd43dd8448eb211c80319c").service("cart")
                .name("GET /cart").kind(SpanKind.SERVER).durationMs(5)
                .attributes("{\"http.route\":\"/cart\",\"http.status_code\":200,\"region\":\"us\"}")
                .resource("{\"region\":\"eu\",\"k8s.namespace.name\":\"shop-staging\"}").build();
        List<SpanRecord> all = List.of(s1,
                aSpan().childOf(s1).spanId("0000000000000002").service("checkout").version("1.0").name("SELECT orders")
                        .kind(SpanKind.CLIENT).durationMs(20)
                        .attributes("{\"db.system\":\"postgresql\",\"http.status_code\":200}")
                        .resource("{\"k8s.namespace.name\":\"shop-prod\"}").build(),
                s3,
                aSpan().childOf(s3).spanId("0000000000000004").service("cart").name("compute").kind(SpanKind.INTERNAL)
                        .durationMs(1500).status(SpanStatus.UNSET)
                        .attributes("{\"weird\\\"key;--\":\"x'y\"}").build(),
                aSpan().spanId("0000000000000005").traceId("2af7651916cd43dd8448eb211c80319c").service("loadgen")
                        .name("GET /").kind(SpanKind.CLIENT).durationMs(250)
                        .attributes("{\"feature_flag.result.variant\":\"control\",\"http.status_code\":\"200\"}")
                        .build());
        try (ImportWriter w = ws.beginImport("/test/spans.json", "sha", "otlp-json", 1)) {
            for (SpanRecord s : all) {
                w.addSpan(s);
            }
            w.commit("test spans");
        }
        spans = new SpanMatchQuery(ws);
        SpanMatchQuery.Keys keys = spans.attributeKeys();
        catalog = FieldCatalog.of(keys.span(), keys.resource());
    }

    @AfterAll
    static void close() throws Exception {
        ws.close();
    }

    private static String select(String filter) throws Exception {
        SqlFilter f = FilterCompiler.compile(filter, "s", catalog);
        List<String> ids = spans.spanIds(f.sql(), f.params());
        StringBuilder sb = new StringBuilder();
        for (String id : ids) {
            sb.append(sb.length() == 0 ? "" : " ").append(Long.parseLong(id, 16));
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}  ->  {1}")
    @CsvSource(delimiter = '|', textBlock = """
            service.name = "checkout"                                  | 1 2
            kind = server                                              | 1 3
            KIND = SERVER                                              | 1 3
            kind = "client"                                            | 2 5
            kind in (server, internal)                                 | 1 3 4
            status = error                                             | 1
            not status = error                                         | 2 3 4 5
            status != ok                                               | 1 4
            duration > 250ms                                           | 1 4
            duration >= 250ms                                          | 1 4 5
            Duration < 1.5s                                            | 1 2 3 5
            duration <= 1.5s                                           | 1 2 3 4 5
            duration = 250000us                                        | 5
            duration > 0.004m                                          | 1 4 5
            http.status_code = 200                                     | 2 3
            http.status_code = "200"                                   | 5
            http.status_code >= 500                                    | 1
            http.status_code != 200                                    | 1
            span.http.route in ("/cart", "/checkout")                  | 1 3
            resource.k8s.namespace.name =~ "shop-.*"                   | 1 2 3
            resource.k8s.namespace.name =~ "shop"                      | 
            resource.k8s.namespace.name !~ "shop-prod"                 | 3
            region = "us"                                              | 3
            region = "eu"                                              | 1
            resource.region = "eu"                                     | 1 3
            span.region exists                                         | 3
            region exists                                              | 1 3
            not region exists                                          | 2 4 5
            retry = true                                               | 1
            retry != true                                              | 
            not retry = true                                           | 2 3 4 5
            trace.root = true                                          | 1 3 5
            trace.root != true                                         | 2 4
            "weird\\"key;--" = "x'y"                                   | 4
            span."weird\\"key;--" exists                               | 4
            service.version = "2.0" or name = "GET /cart"              | 1 3
            (kind = server or kind = client) and not service.name = "cart" | 1 2 5
            feature_flag.result.variant = "treatment" and service.name = "checkout" | 1
            name =~ "GET .*"                                           | 3 5
            service.version exists                                     | 1 2
            not (kind = server and duration > 100ms)                   | 2 3 4 5
            name >= "P"                                                | 1 2 4
            """)
    void selects(String filter, String expected) throws Exception {
        assertEquals(expected == null ? "" : expected, select(filter));
    }

    @Test
    void aFieldNoSpanCarriesIsAWarningNotAnError() throws Exception {
        SqlFilter f = FilterCompiler.compile("kind = server and missing.attr != \"x\"", "s", catalog);
        assertEquals(List.of("at column 19: no span in this workspace has the span or resource attribute "
                + "'missing.attr'; this part of the filter is false for every span"), f.warnings());
        assertEquals(0, spans.count(f.sql(), f.params()));
        assertEquals(List.of(), FilterCompiler.compile("region = \"eu\"", "s", catalog).warnings());
        assertEquals(1, FilterCompiler.compile("resource.http.route exists", "s", catalog).warnings().size(),
                "http.route is a span attribute here, never a resource one");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            service.name =        | at column 15: expected a value (a "string", a number, a duration such as 250ms, true or false) after '=', found end of input
            kind = sever          | at column 8: kind is one of internal, server, client, producer, consumer; found 'sever'
            duration > 250        | at column 12: duration compares with a duration that has a unit, such as 250ms or 1.5s; found the number 250
            duration > 5parsecs   | at column 13: unknown duration unit 'parsecs' (use ns, us, ms, s, m or h)
            name = "unterminated  | at column 8: the string that starts here has no closing '"'
            (kind = server        | at column 15: expected ')' to close the '(' at column 1, found end of input
            kind = server status = ok | at column 15: expected 'and', 'or' or the end of the filter, found 'status'
            name > 5              | at column 8: name is text: compare it with a "string"; found the number 5
            x =~ 5                | at column 6: =~ takes a regular expression in double quotes, such as "shop-.*"; found the number 5
            x =~ "(("             | at column 6: not a valid regular expression: Unclosed group
            x = foo               | at column 5: expected a value (a "string", a number, true or false) for x, found 'foo'; put text in double quotes
            and                   | at column 1: expected a field name (such as service.name, span.http.route or "a quoted name"), found 'and'
            x ! 5                 | at column 3: expected '!=' or '!~', found '!'; use 'not' to negate
            x in (1 2)            | at column 9: expected ',' or ')' in the list of values, found '2'
            x in 1                | at column 6: expected '(' after 'in', found '1'
            name exists           | at column 1: name is there on every span; 'exists' is for attributes
            trace.root = 1        | at column 14: trace.root is true or false: write trace.root = true (or != true); found = the number 1
            x < true              | at column 5: true and false compare with = or !=, not <
            x = 5ms               | at column 5: a duration compares with the intrinsic 'duration'; compare the attribute x with a plain number
            kind > server         | at column 8: kind compares with = or != (or 'in'), not >
            x # 1                 | at column 3: unexpected character '#'
            name = "\\q"          | at column 9: unknown escape '\\q' in a string (use \\" \\\\ \\n \\t \\r or \\uXXXX)
            span. = 1             | at column 6: expected an attribute name after 'span.', found '='
            x = 1 and             | at column 10: expected a field name (such as service.name, span.http.route or "a quoted name"), found end of input
            x = 1 or or           | at column 10: expected a field name (such as service.name, span.http.route or "a quoted name"), found 'or'
            x                     | at column 2: expected an operator (=, !=, <, <=, >, >=, =~, !~), 'in' or 'exists' after x, found end of input
            x = in                | at column 5: expected a value (a "string", a number, a duration such as 250ms, true or false) after '=', found 'in'
            name = "\\u12"        | at column 9: expected four hex digits after '\\u'
            """)
    void errorsSayWhereAndWhatWasExpected(String filter, String message) {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class,
                () -> FilterCompiler.compile(filter.strip(), "s", catalog));
        assertEquals(message, e.getMessage());
    }

    @Test
    void anEmptyFilterIsAnError() {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> FilterParser.parse("   "));
        assertEquals("at column 1: expected a filter such as service.name = \"checkout\", found end of input",
                e.getMessage());
        assertEquals(1, e.column());
    }

    @Test
    void keywordsAreCaseInsensitiveAndAttributeNamesAreNot() throws Exception {
        assertEquals(select("kind = server and not status = error"), select("KIND = server AND NOT status = error"));
        assertEquals("", select("HTTP.ROUTE = \"/cart\""));
        assertTrue(Arrays.asList(select("http.route = \"/cart\"").split(" ")).contains("3"));
    }
}
