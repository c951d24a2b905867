package io.prodlab.ui.compare;

import io.prodlab.compare.AttributeDifferences;
import io.prodlab.compare.Cohort;
import io.prodlab.compare.ComparisonService;
import io.prodlab.compare.Unit;
import io.prodlab.store.Workspace;
import io.prodlab.ui.common.FilterCheck;
import io.prodlab.compare.TimeWindow;
import io.prodlab.store.SqlConsole;
import io.prodlab.store.TimeExtentQuery;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.TimeRangeModel;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.WorkspaceSession;
import io.prodlab.ui.testing.DemoShop;
import io.prodlab.ui.testing.DirectTaskRunner;
import io.prodlab.ui.testing.QueuedTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Compare screen's model on the demo shop: the builder's rules and results equal to the services'. */
class CompareViewModelTest {
    @TempDir
    static Path dir;
    private static Path shop;
    private static final List<Cohort> CANARY = List.of(new Cohort("baseline", DemoShop.BASELINE),
            new Cohort("canary", DemoShop.CANARY));
    private static ComparisonService.Result expected;
    private static AttributeDifferences.Result expectedAttributes;

    private final WorkspaceSession session = new WorkspaceSession();
    private final StatusBarModel status = new StatusBarModel();
    private final DirectTaskRunner runner = new DirectTaskRunner(status);
    private final Messages messages = Messages.load();
    private final TimeRangeModel timeRange = new TimeRangeModel(session, runner, messages);

    @BeforeAll
    static void demoShop() throws Exception {
        shop = DemoShop.build(dir);
        try (Workspace ws = Workspace.openReadOnly(shop)) {
            expected = new ComparisonService(ws).compare(CANARY, DemoShop.SERVER, Unit.SPAN,
                    ComparisonService.Options.defaults());
            expectedAttributes = new AttributeDifferences(ws).compare(CANARY.get(0), CANARY.get(1), DemoShop.SERVER,
                    Unit.SPAN);
        }
    }

    @AfterEach
    void close() {
        session.close().executeWith(runner);
    }

    private CompareViewModel opened(io.prodlab.ui.common.TaskRunner r) {
        session.open(shop, false).executeWith(runner);
        return new CompareViewModel(session, r, status, messages, timeRange);
    }

    private static void fill(CompareViewModel vm) {
        vm.cohorts().get(0).nameProperty().set("baseline");
        vm.cohorts().get(0).filter().textProperty().set(DemoShop.BASELINE);
        vm.cohorts().get(1).nameProperty().set("canary");
        vm.cohorts().get(1).filter().textProperty().set(DemoShop.CANARY);
        vm.scope().textProperty().set(DemoShop.SERVER);
    }

    @Test
    void startsWithABaselineAndOneCandidateAndKeepsTwoToEight() {
        CompareViewModel vm = opened(runner);
        assertEquals(2, vm.cohorts().size());
        assertTrue(vm.cohorts().get(0).baselineProperty().get());
        assertEquals(messages.get("compare.cohort.baseline"), vm.cohorts().get(0).roleProperty().get());
        assertFalse(vm.cohorts().get(1).baselineProperty().get());
        assertFalse(vm.canRemoveProperty().get());

        for (int i = 0; i < 10; i++) {
            vm.addCohort();
        }
        assertEquals(CompareViewModel.MAX_COHORTS, vm.cohorts().size());
        assertFalse(vm.canAddProperty().get());
        assertNull(vm.addCohort());

        CohortDraft second = vm.cohorts().get(1);
        vm.removeCohort(vm.cohorts().get(0));
        assertTrue(second.baselineProperty().get(), "the next cohort becomes the baseline");
        assertEquals(messages.get("compare.cohort.baseline"), second.roleProperty().get());
        while (vm.cohorts().size() > 2) {
            vm.removeCohort(vm.cohorts().get(vm.cohorts().size() - 1));
        }
        vm.removeCohort(vm.cohorts().get(1));
        assertEquals(2, vm.cohorts().size(), "never fewer than two");
    }

    @Test
    void saysWhyItCannotCompare() {
        CompareViewModel vm = opened(runner);
        fill(vm);
        vm.cohorts().forEach(c -> c.filter().check());
        vm.scope().check();
        assertEquals("", vm.blockerProperty().get());
        assertTrue(vm.canCompareProperty().get());

        vm.cohorts().get(1).nameProperty().set("baseline");
        assertEquals(messages.format("compare.blocked.duplicate", "baseline"), vm.blockerProperty().get());
        vm.cohorts().get(1).nameProperty().set("  ");
        assertEquals(messages.get("compare.blocked.name"), vm.blockerProperty().get());
        vm.cohorts().get(1).nameProperty().set("canary");

        vm.cohorts().get(1).filter().textProperty().set("service.version = ");
        vm.cohorts().get(1).filter().check();
        assertEquals(messages.format("compare.blocked.filter", "canary"), vm.blockerProperty().get());
        assertFalse(vm.canCompareProperty().get());
        vm.cohorts().get(1).filter().textProperty().set(DemoShop.CANARY);
        vm.cohorts().get(1).filter().check();

        vm.resamplesProperty().set("-1");
        assertTrue(vm.blockerProperty().get().startsWith("Resamples"), vm.blockerProperty().get());
        vm.resamplesProperty().set("lots");
        assertFalse(vm.canCompareProperty().get());
        vm.resamplesProperty().set("1000");
        vm.seedProperty().set("4.2");
        assertEquals(messages.get("compare.blocked.seed"), vm.blockerProperty().get());
        vm.seedProperty().set("42");
        assertTrue(vm.canCompareProperty().get());
    }

    @Test
    void theResultsAreTheComparisonServicesFigures() {
        CompareViewModel vm = opened(runner);
        fill(vm);

        vm.compare();

        assertTrue(runner.unexpected().isEmpty(), runner.unexpected().toString());
        assertFalse(vm.runningProperty().get());
        ComparisonService.PairComparison want = expected.comparisons().get(0);
        CompareRows.ResultRow welch = row(vm, "welch");
        assertEquals(want.welch().value().diff(), welch.estimate(), 0.0);
        assertEquals(want.welch().value().ciLow(), welch.ciLow(), 0.0);
        assertEquals(want.welch().value().ciHigh(), welch.ciHigh(), 0.0);
        assertEquals(want.welch().value().p(), welch.p(), 0.0);
        assertEquals(want.holm().get("welch"), welch.pHolm(), 0.0);
        assertEquals(want.benjaminiHochberg().get("welch"), welch.pBh(), 0.0);
        CompareRows.ResultRow mw = row(vm, "mann_whitney");
        assertEquals(want.mannWhitney().value().hodgesLehmann(), mw.estimate(), 0.0);
        CompareRows.ResultRow errors = row(vm, "two_proportion");
        assertEquals(100 * want.errors().twoProportion().value().diff(), errors.estimate(), 1e-12,
                "in percentage points");
        assertEquals(want.errors().decidingP(), errors.p(), 0.0);
        CompareRows.ResultRow p95 = row(vm, "p95");
        assertEquals(want.quantiles().value().quantiles().get(1).diff(), p95.estimate(), 0.0);
        assertEquals(want.quantiles().value().quantiles().get(1).ciLow(), p95.ciLow(), 0.0);
        assertEquals(want.quantiles().value().quantiles().get(1).ciHigh(), p95.ciHigh(), 0.0);
        assertTrue(welch.ciLow() > 50, "the planted +80 ms shows: " + welch.interval());

        assertEquals(2, vm.cohortRows().size());
        assertEquals(expected.cohorts().get(1).n(), vm.cohortRows().get(1).n());
        assertEquals(expected.cohorts().get(0).errors(), vm.cohortRows().get(0).errors());

        List<AttributeDifferences.AttributeDifference> plain = expectedAttributes.attributes().stream()
                .filter(a -> !a.tautological() && a.test().isOk()).toList();
        assertEquals(plain.stream().map(AttributeDifferences.AttributeDifference::field).toList(),
                vm.attributeRows().stream().map(CompareRows.AttributeRow::field).toList());
        assertTrue(vm.tautologicalRows().stream().anyMatch(r -> r.field().equals("resource.service.version")
                && r.flag().equals(messages.get("compare.tautology.named_in_filter"))));
        assertTrue(vm.summaryProperty().get().startsWith(messages.get("compare.unit.per.span")));

        ChartData charts = vm.computedProperty().get().charts();
        assertEquals(List.of("baseline", "canary"), charts.cohorts());
        assertEquals(1, charts.shifts().size());
        assertEquals(expected.cohorts().get(1).n(), charts.errorRates().get(1).n());

        session.contentChanged(session.spanCountProperty().get());
        assertNull(vm.computedProperty().get(), "new content: the old results no longer describe it");
        assertTrue(vm.resultRows().isEmpty());
    }

    @Test
    void theCohortsAreComparedOverTheSessionsRangeAndANewRangeClearsTheResults() throws Exception {
        CompareViewModel vm = opened(runner);
        fill(vm);
        assertEquals(List.of(new Cohort("baseline", DemoShop.BASELINE), new Cohort("canary", DemoShop.CANARY)),
                vm.cohortSpecs(), "the whole data: no window");
        vm.compare();
        assertEquals(expected.cohorts().get(1).n(), vm.cohortRows().get(1).n());

        TimeExtentQuery.Extent e = new TimeExtentQuery(session.workspace()).spans().orElseThrow();
        long mid = e.firstStartNs() + (e.lastEndNs() - e.firstStartNs()) / 2;
        timeRange.select(e.firstStartNs(), mid);
        assertNull(vm.computedProperty().get(), "the results were of the range before");

        TimeWindow half = new TimeWindow(e.firstStartNs(), mid);
        List<Cohort> windowed = List.of(new Cohort("baseline", DemoShop.BASELINE, half),
                new Cohort("canary", DemoShop.CANARY, half));
        assertEquals(windowed, vm.cohortSpecs());
        vm.compare();
        ComparisonService.Result want = new ComparisonService(session.workspace()).compare(windowed, DemoShop.SERVER,
                Unit.SPAN, ComparisonService.Options.defaults());
        SqlConsole sql = new SqlConsole(session.workspace());
        long canaryInHalf = ((Number) sql.query("select count(*) from spans where service_name = 'checkout'"
                + " and service_version = '1.5.0-canary' and kind = 'server' and start_ns >= " + e.firstStartNs()
                + " and start_ns < " + mid, 1).rows().get(0).get(0)).longValue();
        assertEquals(want.cohorts().get(1).n(), vm.cohortRows().get(1).n());
        assertEquals(canaryInHalf, vm.cohortRows().get(1).n(), "the canary's server spans of the first half");
        assertTrue(canaryInHalf < expected.cohorts().get(1).n());
    }

    private static CompareRows.ResultRow row(CompareViewModel vm, String test) {
        return vm.resultRows().stream().filter(r -> r.test().equals(test)).findFirst().orElseThrow();
    }

    @Test
    void anEmptyCohortGivesProblemsAndChartsThatStillDraw() {
        CompareViewModel vm = opened(runner);
        fill(vm);
        vm.cohorts().get(1).filter().textProperty().set("service.name = \"no-such-service\"");

        vm.compare();

        assertTrue(runner.unexpected().isEmpty(), runner.unexpected().toString());
        assertEquals(0, vm.cohortRows().get(1).n());
        assertTrue(vm.resultRows().stream().filter(r -> r.test().equals("welch")).allMatch(
                CompareRows.ResultRow::problem));
        ChartData data = vm.computedProperty().get().charts();
        for (ChartKind kind : ChartKind.values()) {
            for (ChartPalette palette : List.of(ChartPalette.LIGHT, ChartPalette.DARK)) {
                java.awt.image.BufferedImage img = vm.charts().chart(kind, data, palette).createBufferedImage(400, 300);
                assertEquals(400, img.getWidth(), kind.code());
            }
        }
    }

    @Test
    void theUnitChosenIsTheUnitCompared() {
        CompareViewModel vm = opened(runner);
        fill(vm);
        vm.unitProperty().set(Unit.TRACE);
        vm.compare();
        assertEquals(Unit.TRACE, vm.computedProperty().get().result().unit());
        assertEquals("trace", vm.computedProperty().get().charts().unit());
        assertTrue(vm.summaryProperty().get().startsWith(messages.get("compare.unit.per.trace")));
    }

    @Test
    void aCancelledComparisonShowsNothing() {
        QueuedTaskRunner queued = new QueuedTaskRunner(status);
        CompareViewModel vm = opened(queued);
        fill(vm);
        queued.runAll(); // the filters' checks
        vm.compare();
        assertTrue(vm.runningProperty().get());
        assertFalse(vm.canCompareProperty().get(), "no second run while one runs");

        vm.cancel();
        queued.runAll();

        assertFalse(vm.runningProperty().get());
        assertNull(vm.computedProperty().get());
        assertTrue(vm.resultRows().isEmpty());
        assertEquals(messages.get("compare.cancelled"), vm.progressTextProperty().get());
        assertTrue(queued.unexpected().isEmpty());
    }

    @Test
    void aShortcutFillsTheCohortsWithTheirCountsAsTheFiltersCountThem() {
        CompareViewModel vm = opened(runner);
        CompareViewModel.Shortcut checkout = vm.shortcuts().stream()
                .filter(s -> s.suggestion().subject().equals("checkout")
                        && s.suggestion().kind() == io.prodlab.compare.CohortShortcuts.Kind.SERVICE_VERSION)
                .findFirst().orElseThrow(() -> new AssertionError("no checkout shortcut in " + vm.shortcuts()));
        assertTrue(checkout.text().contains("1.5.0-canary"), checkout.text());

        vm.applyShortcut(checkout);

        List<io.prodlab.compare.CohortShortcuts.CohortCount> want = checkout.suggestion().cohorts();
        assertEquals(want.size(), vm.cohorts().size());
        for (int i = 0; i < want.size(); i++) {
            CohortDraft d = vm.cohorts().get(i);
            assertEquals(want.get(i).cohort().name(), d.name());
            assertEquals(FilterCheck.State.VALID, d.filter().stateProperty().get());
            assertEquals(want.get(i).spans(), d.filter().countProperty().get(), d.name());
        }
        assertTrue(vm.cohorts().get(0).baselineProperty().get());
        assertEquals("1.4.0", vm.cohorts().get(0).name(), "the version with most spans is the baseline");
        vm.compare();
        assertEquals(want.size() - 1, vm.computedProperty().get().result().comparisons().size());
    }

    /** The shortcuts count the spans of the session's range, as the filters and the comparison do. */
    @Test
    void theShortcutsCountTheSpansOfTheSessionRangeAndFollowItsChanges() {
        CompareViewModel vm = opened(runner);
        long whole = checkoutShortcut(vm).suggestion().cohorts().get(0).spans();
        var extent = timeRange.extentProperty().get();
        long middle = extent.firstStartNs() + (extent.lastEndNs() - extent.firstStartNs()) / 2;
        timeRange.select(extent.firstStartNs(), middle);

        CompareViewModel.Shortcut half = checkoutShortcut(vm);
        long inRange = half.suggestion().cohorts().get(0).spans();
        assertTrue(inRange > 0 && inRange < whole, inRange + " of " + whole);
        vm.applyShortcut(half);
        assertEquals(inRange, vm.cohorts().get(0).filter().countProperty().get(), "as the filter counts it in the range");

        timeRange.reset();
        assertEquals(whole, checkoutShortcut(vm).suggestion().cohorts().get(0).spans());
    }

    private static CompareViewModel.Shortcut checkoutShortcut(CompareViewModel vm) {
        return vm.shortcuts().stream()
                .filter(s -> s.suggestion().subject().equals("checkout")
                        && s.suggestion().kind() == io.prodlab.compare.CohortShortcuts.Kind.SERVICE_VERSION)
                .findFirst().orElseThrow(() -> new AssertionError("no checkout shortcut in " + vm.shortcuts()));
    }

    @Test
    void aFilterTheServiceRefusesIsShownInline() {
        CompareViewModel vm = opened(runner);
        fill(vm);
        // typed but not checked yet: the comparison itself finds the mistake
        vm.cohorts().get(1).filter().textProperty().set("service.version = ");
        assertEquals(FilterCheck.State.PENDING, vm.cohorts().get(1).filter().stateProperty().get());

        vm.compare();

        assertTrue(vm.problemProperty().get().contains("cohort canary"), vm.problemProperty().get());
        assertTrue(vm.problemProperty().get().contains("column"), vm.problemProperty().get());
        assertTrue(runner.unexpected().isEmpty());
        assertFalse(vm.runningProperty().get());
    }
}
