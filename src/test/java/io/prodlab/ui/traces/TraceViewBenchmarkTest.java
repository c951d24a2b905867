package io.prodlab.ui.traces;

import io.prodlab.model.SpanKind;
import io.prodlab.model.SpanRecord;
import io.prodlab.model.SpanStatus;
import io.prodlab.store.ImportWriter;
import io.prodlab.store.TraceQuery;
import io.prodlab.store.Workspace;
import io.prodlab.ui.ProdlabApp;
import io.prodlab.ui.shell.MainWindow;
import io.prodlab.ui.shell.Page;
import io.prodlab.ui.testing.DesktopAppHarness;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7's budgets for the trace view: a 10,000-span trace opens in under 0.5 s and a 200,000-span
 * trace in under 3 s, from the query to the first frame that shows it, and scrolling stays smooth.
 * Timing on a shared machine is not a unit test, so it runs on request only:
 * {@code mvn -B -ntp -o test -Dtest=TraceViewBenchmarkTest -Dprodlab.bench=true -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "prodlab.bench", matches = "true")
public class TraceViewBenchmarkTest extends FxRobot {
    private static final String SMALL = "000000000000000000000000000a0000";
    private static final String LARGE = "000000000000000000000000000b0000";

    @TempDir
    Path dir;

    private final DesktopAppHarness app = new DesktopAppHarness(this);

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    /**
     * A trace of {@code n} spans: each span calls 1–8 others (seeded), breadth first, so the tree is
     * about eight levels deep at 200,000 spans; children share out their parent's time; one span in
     * fifty is an error; a dozen services.
     */
    public static List<SpanRecord> generatedTrace(String traceId, int n, long seed) {
        Random r = new Random(seed);
        List<SpanRecord> out = new ArrayList<>(n);
        long t0 = 1_790_000_000_000_000_000L;
        out.add(span(traceId, 0, -1, 0, t0, 2_000_000_000L, r));
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(0);
        while (out.size() < n && !queue.isEmpty()) {
            int p = queue.poll();
            SpanRecord parent = out.get(p);
            int k = 1 + r.nextInt(8);
            long slot = parent.durationNs() / (k + 1);
            for (int i = 0; i < k && out.size() < n; i++) {
                long start = parent.startNs() + slot / 2 + i * slot;
                long dur = Math.max(1_000, (long) (slot * (0.3 + 0.9 * r.nextDouble())));
                queue.add(out.size());
                out.add(span(traceId, out.size(), p, out.size(), start, dur, r));
            }
        }
        return out;
    }

    private static SpanRecord span(String traceId, int id, int parent, int salt, long start, long dur, Random r) {
        String service = "svc-" + (salt * 7 % 12);
        return new SpanRecord(traceId, String.format(Locale.ROOT, "%016x", id + 1L),
                parent < 0 ? "" : String.format(Locale.ROOT, "%016x", parent + 1L), service, "1.0",
                "op-" + r.nextInt(40), parent < 0 ? SpanKind.SERVER : SpanKind.values()[r.nextInt(3)], start,
                start + dur, r.nextInt(50) == 0 ? SpanStatus.ERROR : SpanStatus.OK, "",
                "{\"http.route\":\"/r/" + r.nextInt(100) + "\",\"n\":" + id + "}",
                "{\"service.name\":\"" + service + "\",\"host.name\":\"h" + (salt % 5) + "\"}", "bench", "1", "");
    }

    @Test
    void traceViewOpensLargeTracesInBudgetAndScrollsSmoothly() throws Exception {
        Path ws = dir.resolve("big.prodlab");
        try (Workspace w = Workspace.openOrCreate(ws);
             ImportWriter writer = w.beginImport("generated", "bench", "otlp-json", 1)) {
            for (SpanRecord s : generatedTrace(SMALL, 10_000, 1)) {
                writer.addSpan(s);
            }
            for (SpanRecord s : generatedTrace(LARGE, 200_000, 2)) {
                writer.addSpan(s);
            }
            writer.commit("bench");
        }
        app.start(ws, dir.resolve("data"), (w, paths, l, c, h) -> List.of());
        app.waitUntil(() -> lookup("#" + MainWindow.navId(new Page(ProdlabApp.TRACES))).tryQuery().isPresent());
        clickOn("#" + MainWindow.navId(new Page(ProdlabApp.TRACES)));
        TracesViewModel vm = app.node(TracesView.ID, TracesView.class).viewModel();
        @SuppressWarnings("unchecked")
        ListView<WaterfallRow> list = app.node(WaterfallView.ID_WATERFALL, ListView.class);
        Scene scene = list.getScene();

        // Where the time goes, without the UI: the query, then the tree and rows.
        try (Workspace w = Workspace.openReadOnly(ws)) {
            for (String id : List.of(SMALL, LARGE)) {
                long q0 = System.nanoTime();
                List<SpanRecord> spans = new TraceQuery(w).outline(id);
                long q1 = System.nanoTime();
                WaterfallModel.build(id, spans, List.of(), List.of(), ServiceColors.NONE);
                long q2 = System.nanoTime();
                new TraceQuery(w).spans(id);
                long q3 = System.nanoTime();
                System.out.printf(Locale.ROOT, "trace %s: %d spans, outline query %.3f s, tree and rows %.3f s; "
                        + "baseline: every span whole, row by row, %.3f s%n", id, spans.size(), (q1 - q0) / 1e9,
                        (q2 - q1) / 1e9, (q3 - q2) / 1e9);
            }
        } catch (io.prodlab.store.WorkspaceException e) {
            // the app holds the workspace; the breakdown is optional
            System.out.println("breakdown skipped: " + e.getMessage());
        }

        double small = openMedian(vm, list, scene, SMALL, 10_000, 5);
        double large = openMedian(vm, list, scene, LARGE, 200_000, 3);
        double[] frames = scroll(list, 180);
        System.out.printf(Locale.ROOT, "open 10,000 spans: median %.3f s; 200,000 spans: median %.3f s; "
                        + "scrolling 200,000 rows: frame interval median %.1f ms, p95 %.1f ms, max %.1f ms (%d frames), "
                        + "%d processors%n", small, large, frames[0], frames[1], frames[2], (int) frames[3],
                Runtime.getRuntime().availableProcessors());
        assertTrue(small < 0.5, "10,000 spans: " + small + " s");
        assertTrue(large < 3.0, "200,000 spans: " + large + " s");
        assertTrue(frames[1] < 50, "p95 frame interval " + frames[1] + " ms");
    }

    /** Median seconds from openTrace to the end of the first pulse that lays the rows out, of warm runs. */
    private double openMedian(TracesViewModel vm, ListView<WaterfallRow> list, Scene scene, String id, int spans,
                              int runs) throws Exception {
        double[] seconds = new double[runs + 1];
        double[] cpu = new double[runs + 1];
        for (int i = 0; i <= runs; i++) {
            app.onFx(() -> vm.openTrace(SMALL.equals(id) ? LARGE : SMALL)); // something else first
            app.waitUntil(() -> vm.trace().modelProperty().get() != null && !vm.trace().loadingProperty().get());
            long[] shown = new long[1];
            Runnable probe = () -> {
                if (shown[0] == 0 && list.getItems().size() == spans && vm.trace().modelProperty().get() != null
                        && id.equals(vm.trace().modelProperty().get().traceId())
                        && !list.lookupAll(".waterfall-row").isEmpty()) {
                    shown[0] = System.nanoTime();
                }
            };
            long[] t0 = new long[1];
            long cpu0 = cpuNanos();
            app.onFx(() -> {
                scene.addPostLayoutPulseListener(probe);
                t0[0] = System.nanoTime();
                vm.openTrace(id);
            });
            app.waitUntil(() -> shown[0] != 0);
            cpu[i] = (cpuNanos() - cpu0) / 1e9;
            app.onFx(() -> scene.removePostLayoutPulseListener(probe));
            seconds[i] = (shown[0] - t0[0]) / 1e9;
            assertEquals(spans, vm.trace().modelProperty().get().rows().size());
        }
        System.out.printf(Locale.ROOT, "open %d spans, all runs (the first cold): wall %s s, process CPU %s s, "
                + "load average %.1f%n", spans, Arrays.toString(seconds), Arrays.toString(cpu),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        double[] warm = Arrays.copyOfRange(seconds, 1, seconds.length);
        Arrays.sort(warm);
        return warm[warm.length / 2];
    }

    /** CPU time of the whole process (every thread: FX, worker, DuckDB's, GC). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Scrolls through the list by a page a frame; returns the frame intervals' median, p95, max (ms) and count. */
    private double[] scroll(ListView<WaterfallRow> list, int frames) throws Exception {
        long[] stamps = new long[frames];
        int[] at = new int[1];
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (at[0] < frames) {
                    stamps[at[0]] = System.nanoTime();
                    list.scrollTo((at[0] * 997) % list.getItems().size());
                    at[0]++;
                } else {
                    stop();
                }
            }
        };
        app.onFx(timer::start);
        app.waitUntil(() -> at[0] >= frames);
        double[] intervals = new double[frames - 1];
        for (int i = 1; i < frames; i++) {
            intervals[i - 1] = (stamps[i] - stamps[i - 1]) / 1e6;
        }
        Arrays.sort(intervals);
        return new double[]{intervals[intervals.length / 2], intervals[(int) (intervals.length * 0.95)],
                intervals[intervals.length - 1], frames};
    }
}
