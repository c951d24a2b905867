package io.prodlab.ui.compare;

import io.prodlab.compare.Cohort;
import io.prodlab.compare.ComparisonService;
import io.prodlab.compare.TimeWindow;
import io.prodlab.compare.Unit;
import io.prodlab.store.SqlConsole;
import io.prodlab.store.Workspace;
import io.prodlab.ui.common.FilterCheck;
import io.prodlab.ui.common.FilterExpressionField;
import io.prodlab.ui.common.Formats;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.common.TimeRange;
import io.prodlab.ui.common.TimeRangePicker;
import io.prodlab.ui.testing.DemoShop;
import io.prodlab.ui.testing.DesktopAppHarness;
import io.prodlab.ui.testing.ExportedFiles;
import io.prodlab.ui.testing.FakeImporter;
import javafx.event.Event;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Compare screen as a user drives it on the demo shop: filters checked as typed, a comparison, exports, Esc. */
class CompareViewTest extends FxRobot {
    @TempDir
    static Path shared;
    private static Path shop;
    private static long baselineSpans;
    private static long canarySpans;
    private static ComparisonService.Result expected;

    @TempDir
    Path dir;

    private final DesktopAppHarness app = new DesktopAppHarness(this);
    private final Messages m = Messages.load();
    private CompareViewModel vm;

    @BeforeAll
    static void demoShop() throws Exception {
        shop = DemoShop.build(shared);
        try (Workspace ws = Workspace.openReadOnly(shop)) {
            SqlConsole sql = new SqlConsole(ws);
            baselineSpans = count(sql, "select count(*) from spans where service_name = 'checkout' "
                    + "and service_version = '1.4.0'");
            canarySpans = count(sql, "select count(*) from spans where service_name = 'checkout' "
                    + "and service_version = '1.5.0-canary'");
            expected = new ComparisonService(ws).compare(List.of(new Cohort("baseline", DemoShop.BASELINE),
                    new Cohort("canary", DemoShop.CANARY)), DemoShop.SERVER, Unit.SPAN,
                    ComparisonService.Options.defaults());
        }
    }

    private static long count(SqlConsole sql, String q) throws Exception {
        return ((Number) sql.query(q, 1).rows().get(0).get(0)).longValue();
    }

    @BeforeEach
    void openTheCompareScreen() throws Exception {
        app.start(shop, dir.resolve("data"), new FakeImporter("unused"));
        clickOn("#" + DesktopAppHarness.NAV_COMPARE);
        app.waitUntil(() -> lookup("#" + CompareView.ID).query().isVisible());
        vm = app.compareViewModel();
    }

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    private static String filterOf(int cohort) {
        return CompareView.cohortId(cohort) + "-filter";
    }

    private Label status(String field) {
        return app.node(FilterExpressionField.statusId(field), Label.class);
    }

    @Test
    void aBadFilterShowsWhereItIsWrongAsYouType() throws Exception {
        clickOn("#" + FilterExpressionField.inputId(filterOf(0))).write("service.name = ");

        app.waitUntil(() -> status(filterOf(0)).getText().startsWith("At column 16: expected a value"));
        TextField input = app.node(FilterExpressionField.inputId(filterOf(0)), TextField.class);
        assertTrue(input.getStyleClass().contains(Styles.FILTER_INVALID));
        assertTrue(status(filterOf(0)).getStyleClass().contains(Styles.FILTER_ERROR));
        assertTrue(app.node(CompareView.ID_RUN, Button.class).isDisabled());
        assertEquals(m.format("compare.blocked.filter", "baseline"),
                app.node(CompareView.ID_BLOCKER, Label.class).getText());

        write("\"checkout\"");
        app.waitUntil(() -> vm.cohorts().get(0).filter().stateProperty().get() == FilterCheck.State.VALID);
        assertFalse(input.getStyleClass().contains(Styles.FILTER_INVALID));
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePickerOnCompareSetsTheSessionsRangeAndTheCountsAreOfIt() throws Exception {
        clickOn("#" + FilterExpressionField.inputId(filterOf(1))).write(DemoShop.CANARY);
        app.waitUntil(() -> status(filterOf(1)).getText().equals(m.format("filter.count", canarySpans)));

        javafx.scene.control.ComboBox<TimeRange.Preset> preset = from(lookup("#" + CompareView.ID)
                .queryAs(javafx.scene.Node.class)).lookup("#" + TimeRangePicker.ID_PRESET)
                .queryAs(javafx.scene.control.ComboBox.class);
        clickOn(preset);
        clickOn(m.get("time.preset.last5"));

        TimeRange range = vm.timeRange().range();
        assertEquals(TimeRange.Preset.LAST_5_MIN, range.preset());
        long inRange;
        try (Workspace ws = Workspace.openReadOnly(shop)) {
            inRange = count(new SqlConsole(ws), "select count(*) from spans where service_name = 'checkout' "
                    + "and service_version = '1.5.0-canary' and start_ns >= " + range.fromNs() + " and start_ns < "
                    + range.toNs());
        }
        assertTrue(inRange > 0 && inRange < canarySpans, inRange + " of " + canarySpans);
        app.waitUntil(() -> status(filterOf(1)).getText().equals(m.format("filter.count", inRange)));
        assertEquals(TimeRange.Preset.LAST_5_MIN, app.servicesViewModel().timeRange().range().preset(),
                "the session's range, on every screen");
        assertEquals(new TimeWindow(range.fromNs(), range.toNs()), vm.cohortSpecs().get(1).window());
    }

    @Test
    @SuppressWarnings("unchecked")
    void goodFiltersShowTheirCountsAndEnterComparesThem() throws Exception {
        clickOn("#" + FilterExpressionField.inputId(filterOf(0))).write(DemoShop.BASELINE);
        clickOn("#" + CompareView.cohortId(1) + "-name").push(KeyCode.CONTROL, KeyCode.A).write("canary");
        clickOn("#" + FilterExpressionField.inputId(filterOf(1))).write(DemoShop.CANARY);
        clickOn("#" + FilterExpressionField.inputId(CompareView.ID_SCOPE)).write(DemoShop.SERVER);

        app.waitUntil(() -> status(filterOf(0)).getText().equals(m.format("filter.count", baselineSpans))
                && status(filterOf(1)).getText().equals(m.format("filter.count", canarySpans)));
        assertTrue(baselineSpans > 1000 && canarySpans > 100, baselineSpans + " / " + canarySpans);
        assertEquals(m.get("compare.cohort.baseline"), lookup("#" + CompareView.cohortId(0) + " ."
                + Styles.COHORT_BADGE).queryAs(Label.class).getText(), "the first cohort is labelled the baseline");

        push(KeyCode.ENTER);
        TableView<CompareRows.ResultRow> table = app.node(CompareView.ID_RESULT_TABLE, TableView.class);
        app.waitUntil(() -> vm.computedProperty().get() != null && !table.getItems().isEmpty());

        ComparisonService.PairComparison want = expected.comparisons().get(0);
        CompareRows.ResultRow welch = table.getItems().stream().filter(r -> r.test().equals("welch")).findFirst()
                .orElseThrow();
        assertEquals(want.welch().value().diff(), welch.estimate(), 0.0);
        assertEquals(want.welch().value().ciLow(), welch.ciLow(), 0.0);
        assertEquals(want.holm().get("welch"), welch.pHolm(), 0.0);
        assertEquals(want.benjaminiHochberg().get("mann_whitney"), table.getItems().stream()
                .filter(r -> r.test().equals("mann_whitney")).findFirst().orElseThrow().pBh(), 0.0);
        String shown = Formats.decimal(want.welch().value().diff(), 1) + " ms";
        app.waitUntil(() -> lookup("#" + CompareView.ID_RESULT_TABLE + " .table-cell").queryAll().stream()
                .anyMatch(c -> c instanceof TableCell<?, ?> cell && shown.equals(cell.getText())));
        TableView<CompareRows.CohortRow> cohorts = app.node(CompareView.ID_COHORT_TABLE, TableView.class);
        assertEquals(2, cohorts.getItems().size());
        assertEquals(expected.cohorts().get(1).n(), cohorts.getItems().get(1).n());
        assertTrue(app.node(CompareView.ID_SUMMARY, Label.class).getText()
                .startsWith(m.get("compare.unit.per.span")), "the unit is named");
        assertEquals(m.format("compare.tests.title.unit", "span"),
                app.node(CompareView.ID_TESTS_TITLE, Label.class).getText());
    }

    @Test
    void theShortcutsMenuFillsInTheCanaryAndItsBaselineWithTheirCounts() throws Exception {
        app.waitUntil(() -> !vm.shortcuts().isEmpty());
        int checkout = -1;
        for (int i = 0; i < vm.shortcuts().size(); i++) {
            if (vm.shortcuts().get(i).suggestion().subject().equals("checkout")) {
                checkout = i;
                break;
            }
        }
        assertTrue(checkout >= 0, vm.shortcuts().toString());
        clickOn("#" + CompareView.ID_SHORTCUTS);
        clickOn("#" + CompareView.shortcutId(checkout));

        app.waitUntil(() -> vm.cohorts().size() == 2 && vm.cohorts().get(1).name().equals("1.5.0-canary"));
        app.waitUntil(() -> status(filterOf(0)).getText().equals(m.format("filter.count", baselineSpans))
                && status(filterOf(1)).getText().equals(m.format("filter.count", canarySpans)));
        assertEquals("1.4.0", app.node(CompareView.cohortId(0) + "-name", TextField.class).getText());
    }

    private void compareTheCanary() throws Exception {
        app.onFx(() -> {
            vm.cohorts().get(0).filter().textProperty().set(DemoShop.BASELINE);
            vm.cohorts().get(1).nameProperty().set("canary");
            vm.cohorts().get(1).filter().textProperty().set(DemoShop.CANARY);
            vm.scope().textProperty().set(DemoShop.SERVER);
        });
        app.waitUntil(() -> vm.canCompareProperty().get());
        clickOn("#" + CompareView.ID_RUN);
        app.waitUntil(() -> vm.computedProperty().get() != null);
    }

    @Test
    void chartsExportToPngAndSvg() throws Exception {
        compareTheCanary();
        clickOn("#compare-tab-charts");
        CompareView view = app.node(CompareView.ID, CompareView.class);
        Path png = dir.resolve("histogram.png");
        Path svg = dir.resolve("shift.svg");
        app.onFx(() -> view.setSaveTarget((owner, name, format) ->
                Optional.of(format == ChartExport.Format.PNG ? png : svg)));

        clickOn("#" + CompareView.exportId(ChartKind.HISTOGRAM, ChartExport.Format.PNG));
        app.waitUntil(() -> Files.exists(png) && statusSays("histogram.png"));
        clickOn("#" + CompareView.exportId(ChartKind.SHIFT, ChartExport.Format.SVG));
        app.waitUntil(() -> Files.exists(svg) && statusSays("shift.svg"));

        BufferedImage image = ExportedFiles.png(png);
        assertEquals(ChartExport.WIDTH, image.getWidth());
        assertEquals("svg", ExportedFiles.svg(svg).getDocumentElement().getNodeName());
        assertTrue(Files.readString(svg).contains("canary"), "the legend names the candidate");
    }

    private boolean statusSays(String file) {
        return lookup(".status-bar .label").queryAll().stream()
                .anyMatch(n -> n instanceof Label l && l.getText() != null
                        && l.getText().equals(m.format("compare.export.done", file)));
    }

    @Test
    void escapeCancelsARunningComparison() throws Exception {
        app.onFx(() -> {
            vm.cohorts().get(0).filter().textProperty().set(DemoShop.BASELINE);
            vm.cohorts().get(1).filter().textProperty().set(DemoShop.CANARY);
        });
        app.waitUntil(() -> vm.canCompareProperty().get());
        TextField scope = app.node(FilterExpressionField.inputId(CompareView.ID_SCOPE), TextField.class);
        app.onFx(() -> {
            vm.compare();
            // Esc as the user types it, before the worker can have finished the job
            Event.fireEvent(scope, new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.ESCAPE, false, false, false,
                    false));
        });

        app.waitUntil(() -> !vm.runningProperty().get());
        assertNull(vm.computedProperty().get());
        assertEquals(m.get("compare.cancelled"), app.node(CompareView.ID_PROGRESS_TEXT, Label.class).getText());
        assertFalse(app.node(CompareView.ID_RUN, Button.class).isDisabled(), "it can run again");
    }
}
