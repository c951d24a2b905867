package io.prodlab.ui.common;

import io.prodlab.ui.testing.DirectTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.prodlab.ui.testing.WorkspaceBuilder.aWorkspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session's time range. The workspace: one request a second for ten minutes from
 * 2025-10-09 08:53:20 UTC (WorkspaceBuilder's T0), the last one 1 ms long.
 */
class TimeRangeModelTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_760_000_000L * S;
    private static final long LAST_END = T0 + 599 * S + 1_000_000L;

    @TempDir
    Path dir;

    private final WorkspaceSession session = new WorkspaceSession();
    private final DirectTaskRunner runner = new DirectTaskRunner();
    private final Messages messages = Messages.load();
    private final TimeRangeModel model = new TimeRangeModel(session, runner, messages);
    private final List<TimeRange> seen = new ArrayList<>();

    @AfterEach
    void close() {
        session.close().executeWith(runner);
    }

    private void open(String name) throws Exception {
        Path ws = aWorkspace().service("api", 600, 0, 1, 1).writeTo(dir.resolve(name));
        session.open(ws, false).executeWith(runner);
        model.rangeProperty().addListener((obs, old, now) -> seen.add(now));
    }

    @Test
    void startsWithTheWholeDataAndSaysWhenItIs() throws Exception {
        assertEquals("", model.descriptionProperty().get(), "nothing to tell without data");
        open("w.prodlab");

        assertTrue(model.range().isWhole());
        assertEquals(T0, model.extentProperty().get().firstStartNs());
        assertEquals(LAST_END, model.extentProperty().get().lastEndNs());
        assertEquals("Time: whole data \u00b7 2025-10-09 08:53:20 \u2013 09:03:19 UTC (10.0 min)",
                model.descriptionProperty().get());
    }

    @Test
    void lastFiveMinutesCountBackFromTheDataEndNotFromNow() throws Exception {
        open("w.prodlab");

        model.presetProperty().set(TimeRange.Preset.LAST_5_MIN);

        assertEquals(new TimeRange(TimeRange.Preset.LAST_5_MIN, LAST_END - 300 * S, LAST_END + 1), model.range());
        assertEquals(List.of(model.range()), seen, "one change for views to follow");
        assertTrue(model.descriptionProperty().get().startsWith("Time: last 5 min of the data \u00b7 2025-10-09 08:58:19"),
                model.descriptionProperty().get());

        model.presetProperty().set(TimeRange.Preset.WHOLE);
        assertTrue(model.range().isWhole());
    }

    @Test
    void aCustomRangeStartsFromTheCurrentOneAndTakesDatesOrTimesOfTheDataDay() throws Exception {
        open("w.prodlab");
        model.presetProperty().set(TimeRange.Preset.CUSTOM);
        assertEquals("2025-10-09 08:53:20", model.customFromProperty().get());
        assertEquals("2025-10-09 09:03:19.001", model.customToProperty().get());
        assertTrue(model.range().isWhole(), "nothing applied yet");

        model.customFromProperty().set("2025-10-09T08:55:00Z");
        model.customToProperty().set(" 08:57:30.5 ");
        assertTrue(model.applyCustom());

        assertEquals(TimeRange.custom(T0 + 100 * S, T0 + 250 * S + S / 2), model.range());
        assertEquals("", model.customErrorProperty().get());
        assertEquals("Time: 2025-10-09 08:55:00 \u2013 08:57:30 UTC (2.5 min)", model.descriptionProperty().get());
    }

    @Test
    void badCustomTextsLeaveTheRangeAndSayWhatIsWrong() throws Exception {
        open("w.prodlab");
        model.presetProperty().set(TimeRange.Preset.CUSTOM);

        model.customFromProperty().set("yesterday");
        assertFalse(model.applyCustom());
        assertEquals(messages.format("time.custom.error.format", "From", "yesterday"), model.customErrorProperty().get());

        model.customFromProperty().set("2025-10-09 09:00:00");
        model.customToProperty().set("2025-10-09 08:00:00");
        assertFalse(model.applyCustom());
        assertEquals(messages.get("time.custom.error.order"), model.customErrorProperty().get());

        model.customToProperty().set("  ");
        assertFalse(model.applyCustom());
        assertEquals(messages.format("time.custom.error.empty", "To"), model.customErrorProperty().get());

        model.customFromProperty().set("2025-13-40 25:61:00");
        assertFalse(model.applyCustom());
        assertTrue(model.range().isWhole());
        assertTrue(seen.isEmpty());
    }

    @Test
    void aWindowDraggedOnAChartBecomesTheCustomRangeInEitherDirection() throws Exception {
        open("w.prodlab");

        model.select(T0 + 60 * S, T0 + 30 * S);

        assertEquals(TimeRange.custom(T0 + 30 * S, T0 + 60 * S), model.range());
        assertEquals(TimeRange.Preset.CUSTOM, model.presetProperty().get());
        assertEquals("2025-10-09 08:53:50", model.customFromProperty().get());
        model.select(T0, T0);
        assertEquals(TimeRange.custom(T0 + 30 * S, T0 + 60 * S), model.range(), "an empty window changes nothing");
    }

    @Test
    void openingAnotherWorkspaceGoesBackToTheWholeData() throws Exception {
        open("a.prodlab");
        model.presetProperty().set(TimeRange.Preset.LAST_15_MIN);
        assertFalse(model.range().isWhole());

        Path other = aWorkspace().service("b", 3, 0, 1, 1).writeTo(dir.resolve("b.prodlab"));
        session.open(other, false).executeWith(runner);

        assertTrue(model.range().isWhole());
        assertEquals(TimeRange.Preset.WHOLE, model.presetProperty().get());
        assertEquals(T0 + 2 * S + 1_000_000L, model.extentProperty().get().lastEndNs());
    }

    @Test
    void aRangeMustEndAfterItStarts() {
        assertThrows(IllegalArgumentException.class, () -> TimeRange.custom(5, 5));
        assertThrows(IllegalArgumentException.class, () -> TimeRange.last(TimeRange.Preset.CUSTOM, 5));
        assertTrue(TimeRange.custom(5, 6).contains(5));
        assertFalse(TimeRange.custom(5, 6).contains(6));
    }
}
