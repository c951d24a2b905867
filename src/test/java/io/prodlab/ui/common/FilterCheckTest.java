package io.prodlab.ui.common;

import io.prodlab.store.SqlConsole;
import io.prodlab.store.Workspace;
import io.prodlab.ui.testing.DemoShop;
import io.prodlab.ui.testing.DirectTaskRunner;
import io.prodlab.ui.testing.QueuedTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The filter field's model on the demo shop: errors with their column, warnings, counts checked against SQL. */
class FilterCheckTest {
    @TempDir
    static Path dir;
    private static Path shop;
    private static long checkoutSpans;
    private static long allSpans;

    private final WorkspaceSession session = new WorkspaceSession();
    private final StatusBarModel status = new StatusBarModel();
    private final DirectTaskRunner runner = new DirectTaskRunner(status);
    private final Messages messages = Messages.load();

    @BeforeAll
    static void demoShop() throws Exception {
        shop = DemoShop.build(dir);
        try (Workspace ws = Workspace.openReadOnly(shop)) {
            SqlConsole sql = new SqlConsole(ws);
            checkoutSpans = ((Number) sql.query("select count(*) from spans where service_name = 'checkout' "
                    + "and duration_ns > 100000000", 1).rows().get(0).get(0)).longValue();
            allSpans = ((Number) sql.query("select count(*) from spans", 1).rows().get(0).get(0)).longValue();
        }
    }

    @AfterEach
    void close() {
        session.close().executeWith(runner);
    }

    private FilterCheck opened(DirectTaskRunner r) {
        session.open(shop, false).executeWith(r);
        return new FilterCheck(session, r, messages, new FieldCatalogCache());
    }

    @Test
    void aGoodFilterCountsItsSpansAsSqlDoes() {
        FilterCheck check = opened(runner);
        check.textProperty().set("service.name = \"checkout\" and duration > 100ms");
        assertEquals(FilterCheck.State.PENDING, check.stateProperty().get(), "typing marks it unchecked");

        check.check();

        assertEquals(FilterCheck.State.VALID, check.stateProperty().get());
        assertTrue(checkoutSpans > 0);
        assertEquals(checkoutSpans, check.countProperty().get());
        assertEquals(messages.format("filter.count", checkoutSpans), check.messageProperty().get());
        assertEquals("", check.warningProperty().get());
        assertTrue(check.usableProperty().get());
    }

    @Test
    void aCheckThatFollowsTheSessionsRangeCountsTheSpansThatStartInItAndChecksAgainWhenItChanges() throws Exception {
        session.open(shop, false).executeWith(runner);
        TimeRangeModel range = new TimeRangeModel(session, runner, messages);
        FilterCheck check = new FilterCheck(session, runner, messages, new FieldCatalogCache())
                .countWithin(range.rangeProperty());
        check.textProperty().set("service.name = \"checkout\" and duration > 100ms");
        check.check();
        assertEquals(checkoutSpans, check.countProperty().get(), "the whole data");

        long from = range.extentProperty().get().firstStartNs();
        long to = from + (range.extentProperty().get().lastEndNs() - from) / 2;
        range.select(from, to);

        long inHalf = ((Number) new SqlConsole(session.workspace()).query("select count(*) from spans where"
                + " service_name = 'checkout' and duration_ns > 100000000 and start_ns >= " + from
                + " and start_ns < " + to, 1).rows().get(0).get(0)).longValue();
        assertTrue(inHalf > 0 && inHalf < checkoutSpans, "half of the data: " + inHalf);
        assertEquals(FilterCheck.State.VALID, check.stateProperty().get());
        assertEquals(inHalf, check.countProperty().get(), "checked again for the new range");
    }

    @Test
    void aBadFilterNamesTheColumnAndWhatWasExpected() {
        FilterCheck check = opened(runner);
        check.textProperty().set("service.name = ");

        check.check();

        assertEquals(FilterCheck.State.INVALID, check.stateProperty().get());
        assertEquals(16, check.errorColumnProperty().get(), check.messageProperty().get());
        String msg = check.messageProperty().get();
        assertTrue(msg.startsWith("At column 16: expected a value"), msg);
        assertEquals(-1, check.countProperty().get());
        assertFalse(check.usableProperty().get());

        check.textProperty().set("service.name = \"cart\"");
        assertTrue(check.usableProperty().get(), "an edited filter is no longer known to be bad");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"service.name = \"unterminated", "(", "and",
            "duration > 5 parsecs", "kind = sideways", "name =~ \"[\"", "service.name in ()",
            "a = 1 b = 2", "not", ")))", "span. = 1"})
    void anyMalformedFilterIsAnErrorWithAColumnInsideItNeverAFailure(String text) {
        FilterCheck check = opened(runner);
        check.textProperty().set(text);

        check.check();

        assertEquals(FilterCheck.State.INVALID, check.stateProperty().get(), text + ": " + check.messageProperty().get());
        int column = check.errorColumnProperty().get();
        assertTrue(column >= 1 && column <= text.length() + 1, text + " at " + column);
        assertTrue(check.messageProperty().get().startsWith("At column " + column + ":"), check.messageProperty().get());
        assertTrue(runner.unexpected().isEmpty(), runner.unexpected().toString());
        assertEquals("", status.messageProperty().get(), "nothing for the status bar: it is shown inline");
    }

    @Test
    void aFieldNoSpanCarriesWarnsAndMatchesNothing() {
        FilterCheck check = opened(runner);
        check.textProperty().set("span.no.such.key = \"x\"");

        check.check();

        assertEquals(FilterCheck.State.VALID, check.stateProperty().get());
        assertEquals(0, check.countProperty().get());
        assertTrue(check.warningProperty().get().contains("no.such.key"), check.warningProperty().get());
    }

    @Test
    void anEmptyFilterKeepsEverySpan() {
        FilterCheck check = opened(runner);
        check.check();
        assertEquals(allSpans, check.countProperty().get());
        assertEquals(messages.format("filter.count.all", allSpans), check.messageProperty().get());
    }

    @Test
    void aNewerCheckCancelsTheOneStillWaiting() {
        QueuedTaskRunner queued = new QueuedTaskRunner(status);
        session.open(shop, false).executeWith(runner);
        FilterCheck check = new FilterCheck(session, queued, messages, new FieldCatalogCache());
        check.textProperty().set("service.name = ");
        check.check();
        check.textProperty().set("service.name = \"cart\"");
        check.check();
        assertEquals(2, queued.queued());

        queued.runNext();
        assertEquals(FilterCheck.State.CHECKING, check.stateProperty().get(), "the stale check neither ran nor showed");
        queued.runNext();

        assertEquals(FilterCheck.State.VALID, check.stateProperty().get());
        assertTrue(check.countProperty().get() > 0);
        assertTrue(queued.unexpected().isEmpty());
    }

    @Test
    void withoutAWorkspaceThereIsNothingToCheck() {
        FilterCheck check = new FilterCheck(session, runner, messages, new FieldCatalogCache());
        check.textProperty().set("service.name = ");
        check.check();
        assertEquals(FilterCheck.State.IDLE, check.stateProperty().get());
        assertEquals("", check.messageProperty().get());
    }

    @Test
    void aChangedWorkspaceIsCheckedAgain() {
        FilterCheck check = opened(runner);
        check.textProperty().set("service.name = \"cart\"");
        check.check();
        long before = check.countProperty().get();

        session.contentChanged(allSpans);

        assertEquals(FilterCheck.State.VALID, check.stateProperty().get());
        assertEquals(before, check.countProperty().get());
        check.dispose();
        check.textProperty().set("service.name = ");
        session.contentChanged(allSpans);
        assertEquals(FilterCheck.State.PENDING, check.stateProperty().get(), "a disposed check follows no more");
    }
}
