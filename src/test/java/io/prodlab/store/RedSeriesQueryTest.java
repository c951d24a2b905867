package io.prodlab.store;

import io.prodlab.model.RedSeries;
import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanRecord;
import io.prodlab.model.SpanStatus;
import io.prodlab.model.ServiceStats;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.prodlab.testing.Spans.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RED over time on a small workspace whose counts are known. Quantiles are numpy's
 * {@code np.percentile(x, [50, 95, 99])} (linear interpolation): [10, 20, 30, 40] ms gives 25, 38.5,
 * 39.7; [1, 2] gives 1.5, 1.95, 1.99.
 */
class RedSeriesQueryTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    /** On a whole second, so the 1 s buckets of a range from here start here. */
    private static final long T0 = 1_700_000_000L * S;

    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();

    private RedSeriesQuery query;
    private int next;

    @BeforeEach
    void writeTheWorkspace() throws Exception {
        List<SpanRecord> spans = new ArrayList<>();
        // api: server spans in bucket 0 (10, 20, 30, 40 ms, the 20 ms one failed), bucket 3 (5 ms) and
        // bucket 99 (1, 2 ms); each calls db once (client span, db's server span below it).
        double[][] api = {{0, 10}, {0.2, 20}, {0.4, 30}, {0.9, 40}, {3.5, 5}, {99.1, 1}, {99.2, 2}};
        for (double[] r : api) {
            boolean failed = r[1] == 20;
            SpanRecord server = span("api", r[1] == 5 ? "POST /b" : "GET /a", SpanKind.SERVER, r[0], r[1],
                    failed ? SpanStatus.ERROR : SpanStatus.OK, null);
            SpanRecord client = span("api", "SELECT", SpanKind.CLIENT, r[0] + 0.001, r[1] / 2,
                    failed ? SpanStatus.ERROR : SpanStatus.UNSET, server);
            spans.add(server);
            spans.add(client);
            spans.add(span("db", "query", SpanKind.SERVER, r[0] + 0.002, r[1] / 4, SpanStatus.OK, client));
        }
        // batch reports no server span: all of its spans are its requests.
        spans.add(span("batch", "run", SpanKind.INTERNAL, 50, 7, SpanStatus.OK, null));
        spans.add(span("batch", "run", SpanKind.INTERNAL, 50.5, 9, SpanStatus.ERROR, null));
        try (ImportWriter w = temp.workspace().beginImport("/t/red.json", "sha-red", "otlp-json", 100)) {
            for (SpanRecord s : spans) {
                w.addSpan(s);
            }
            w.commit("test");
        }
        query = new RedSeriesQuery(temp.workspace());
    }

    private SpanRecord span(String service, String name, SpanKind kind, double startS, double durationMs,
                            SpanStatus status, SpanRecord parent) {
        var b = aSpan().service(service).name(name).kind(kind).startNs(T0 + Math.round(startS * S))
                .durationNs(Math.round(durationMs * MS)).status(status)
                .spanId(String.format(Locale.ROOT, "%016x", ++next));
        if (parent != null) {
            b.childOf(parent);
        } else {
            b.traceId(String.format(Locale.ROOT, "%032x", next));
        }
        return b.build();
    }

    @Test
    void countsEachServiceRequestInTheBucketWhereItStarts() throws Exception {
        RedSeries s = query.service("api", T0, T0 + 150 * S);

        assertEquals(S, s.bucketNs(), "150 s in 1 s buckets (0.5 s would make 300)");
        assertEquals(150, s.buckets().size());
        RedSeries.Bucket first = s.buckets().get(0);
        assertEquals(T0, first.startNs());
        assertEquals(4, first.requests(), "server spans only: the client spans are not requests");
        assertEquals(1, first.errors());
        assertEquals(4.0, first.ratePerS(), 1e-12);
        assertEquals(0.25, first.errorRate(), 1e-12);
        assertEquals(25.0, first.p50Ms(), 1e-9);
        assertEquals(38.5, first.p95Ms(), 1e-9);
        assertEquals(39.7, first.p99Ms(), 1e-9);
        assertEquals(1, s.buckets().get(3).requests());
        assertEquals(5.0, s.buckets().get(3).p99Ms(), 1e-9);
        RedSeries.Bucket last = s.buckets().get(99);
        assertEquals(List.of(2L, 1.5, 1.95, 1.99), List.of(last.requests(), round(last.p50Ms()), round(last.p95Ms()),
                round(last.p99Ms())));
        RedSeries.Bucket empty = s.buckets().get(1);
        assertEquals(0, empty.requests());
        assertEquals(0.0, empty.ratePerS());
        assertTrue(Double.isNaN(empty.errorRate()) && Double.isNaN(empty.p50Ms()));
        assertEquals(7, s.buckets().stream().mapToLong(RedSeries.Bucket::requests).sum());
    }

    private static double round(double v) {
        return Math.round(v * 1e9) / 1e9;
    }

    @Test
    void agreesWithTheServiceTableOverTheSameRange() throws Exception {
        RedSeries s = query.service("api", T0, T0 + 150 * S);
        ServiceStats api = new ServiceStatsQuery(temp.workspace()).services("TRUE", List.of(), T0, T0 + 150 * S)
                .stream().filter(x -> x.name().equals("api")).findFirst().orElseThrow();
        assertEquals(api.requests(), s.buckets().stream().mapToLong(RedSeries.Bucket::requests).sum());
        assertEquals(api.errors(), s.buckets().stream().mapToLong(RedSeries.Bucket::errors).sum());
    }

    @Test
    void aPartBucketAtTheRangesEdgeHasItsRateOverThePartItCovers() throws Exception {
        RedSeries s = query.service("api", T0 + S / 2, T0 + 150 * S);

        RedSeries.Bucket first = s.buckets().get(0);
        assertEquals(T0 + S / 2, first.startNs());
        assertEquals(T0 + S, first.endNs());
        assertEquals(1, first.requests(), "only the 40 ms request at 0.9 s starts in the range");
        assertEquals(2.0, first.ratePerS(), 1e-12, "one request in half a second");
    }

    @Test
    void anOperationKeepsTheRequestsOfThatName() throws Exception {
        RedSeries s = query.operation("api", "POST /b", T0, T0 + 150 * S);
        assertEquals(1, s.buckets().stream().mapToLong(RedSeries.Bucket::requests).sum());
        assertEquals(1, s.buckets().get(3).requests());

        RedSeries none = query.operation("api", "SELECT", T0, T0 + 150 * S);
        assertTrue(none.isEmpty(), "a client span of a service with server spans is no request");
    }

    @Test
    void aServiceWithoutServerSpansCountsAllOfItsSpans() throws Exception {
        RedSeries s = query.service("batch", T0, T0 + 150 * S);
        RedSeries.Bucket b = s.buckets().get(50);
        assertEquals(2, b.requests());
        assertEquals(1, b.errors());
        assertEquals(8.0, b.p50Ms(), 1e-9, "numpy: median of 7 and 9 ms");
    }

    @Test
    void anEdgeCountsTheCallsWithTheCallersLatency() throws Exception {
        RedSeries s = query.edge("api", "db", T0, T0 + 150 * S);
        RedSeries.Bucket first = s.buckets().get(0);
        assertEquals(4, first.requests());
        assertEquals(1, first.errors(), "the failed client span");
        assertEquals(12.5, first.p50Ms(), 1e-9, "client spans of 5, 10, 15, 20 ms");
        assertEquals(7, s.buckets().stream().mapToLong(RedSeries.Bucket::requests).sum());
        assertTrue(query.edge("db", "api", T0, T0 + 150 * S).isEmpty());
    }

    @Test
    void theCallsIntoANodeAreThoseOfEveryEdgeIntoIt() throws Exception {
        RedSeries into = query.into("db", T0, T0 + 150 * S);
        assertEquals(query.edge("api", "db", T0, T0 + 150 * S), into, "api is db's only caller");
        assertTrue(query.into("api", T0, T0 + 150 * S).isEmpty(), "nobody calls api");
        assertEquals(4, query.into("db", T0, T0 + 2 * S).buckets().stream().mapToLong(RedSeries.Bucket::requests)
                .sum(), "the range's calls only");
    }

    @Test
    void anOpenRangeRunsFromTheFirstToJustAfterTheLastSpanStart() throws Exception {
        RedSeries s = query.service("api", Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(T0, s.fromNs());
        assertEquals(T0 + Math.round(99.202 * S) + 1, s.toNs(), "db's last span starts at 99.202 s");
        assertEquals(500 * MS, s.bucketNs(), "99.2 s in 200 buckets of 0.5 s");
        assertEquals(7, s.buckets().stream().mapToLong(RedSeries.Bucket::requests).sum());
    }

    @Test
    void anUnknownServiceAnEmptyRangeAndABackwardRangeGiveNoRequests() throws Exception {
        assertTrue(query.service("nobody", T0, T0 + 150 * S).isEmpty());
        assertTrue(query.service("api", T0 + 10 * S, T0 + 10 * S).buckets().isEmpty());
        assertTrue(query.service("api", T0 + 10 * S, T0).buckets().isEmpty());
        assertEquals(150, query.service("api' or 1=1 --", T0, T0 + 150 * S).buckets().size(), "a parameter, not SQL");
    }

    @Test
    void theOperationsTableHasTheServiceTablesFiguresPerSpanName() throws Exception {
        List<ServiceStats> ops = new OperationStatsQuery(temp.workspace()).operations("api", T0, T0 + 150 * S);
        assertEquals(List.of("GET /a", "POST /b"), ops.stream().map(ServiceStats::name).toList(),
                "SELECT is a client call, not a request of api");
        ServiceStats get = ops.get(0);
        assertEquals(6, get.requests());
        assertEquals(1, get.errors());
        assertEquals(new double[] {10, 20, 30, 40, 1, 2}.length, get.spans());
    }
}
