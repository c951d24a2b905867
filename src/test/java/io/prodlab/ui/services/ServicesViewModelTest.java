package io.prodlab.ui.services;

import io.prodlab.model.ServiceStats;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.TimeRangeModel;
import io.prodlab.ui.common.WorkspaceSession;
import io.prodlab.ui.testing.DirectTaskRunner;
import io.prodlab.ui.testing.QueuedTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static io.prodlab.ui.testing.WorkspaceBuilder.aWorkspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServicesViewModelTest {
    @TempDir
    Path dir;

    private final WorkspaceSession session = new WorkspaceSession();
    private final StatusBarModel status = new StatusBarModel();
    private final DirectTaskRunner runner = new DirectTaskRunner(status);
    private final Messages messages = Messages.load();
    private final TimeRangeModel timeRange = new TimeRangeModel(session, runner, messages);
    private final ServicesViewModel vm = new ServicesViewModel(session, runner, messages, timeRange, status);

    @AfterEach
    void closeWorkspace() {
        session.close().executeWith(runner);
    }

    private void open(Path ws) {
        session.open(ws, false).executeWith(runner);
    }

    private static List<String> names(List<ServiceStats> rows) {
        return rows.stream().map(ServiceStats::name).toList();
    }

    @Test
    void loadsTheWorkspaceFiguresWhenAWorkspaceOpens() throws Exception {
        Path ws = aWorkspace().service("frontend", 10, 2, 10, 100).service("cart", 4, 0, 5, 20)
                .writeTo(dir.resolve("w.prodlab"));

        open(ws);

        assertEquals(List.of("cart", "frontend"), names(vm.rows()));
        ServiceStats frontend = vm.rows().get(1);
        assertEquals(20, frontend.spans(), "10 server and 10 client spans");
        assertEquals(2, frontend.errors());
        assertEquals(0.2, frontend.errorRate(), 1e-12);
        assertEquals(55.0, frontend.p50Ms(), 1e-9, "type-7 median of 10, 20, ..., 100 ms");
        assertEquals(messages.format("services.summary", 2, 2), vm.summaryProperty().get());
        assertTrue(runner.unexpected().isEmpty());
    }

    @Test
    void filterNarrowsByAPieceOfTheNameIgnoringCase() throws Exception {
        open(aWorkspace().service("checkout", 1, 0, 1, 1).service("cart", 1, 0, 1, 1)
                .service("CartCache", 1, 0, 1, 1).service("frontend", 1, 0, 1, 1).writeTo(dir.resolve("w.prodlab")));

        vm.filterProperty().set("  CART ");

        assertEquals(List.of("CartCache", "cart"), names(vm.rows()).stream().sorted().toList());
        assertEquals(messages.format("services.summary", 2, 4), vm.summaryProperty().get());

        vm.filterProperty().set("nothing-like-this");
        assertTrue(vm.rows().isEmpty());
        assertEquals(messages.format("services.empty.filtered", "nothing-like-this"), vm.emptyTextProperty().get());

        vm.filterProperty().set("");
        assertEquals(4, vm.rows().size());
    }

    @Test
    void rowsFollowTheComparatorTheViewSets() throws Exception {
        open(aWorkspace().service("a", 3, 0, 1, 1).service("b", 9, 0, 1, 1).service("c", 5, 0, 1, 1)
                .writeTo(dir.resolve("w.prodlab")));

        vm.rows().setComparator(Comparator.comparingLong(ServiceStats::spans).reversed());

        assertEquals(List.of("b", "c", "a"), names(vm.rows()));
    }

    @Test
    void reloadsWhenTheContentChanges() throws Exception {
        open(aWorkspace().service("a", 3, 0, 1, 1).writeTo(dir.resolve("w.prodlab")));
        aWorkspace().service("late", 2, 0, 1, 1).writeInto(session.workspace());

        session.contentChanged(session.workspace().spanCount());

        assertEquals(List.of("a", "late"), names(vm.rows()));
    }

    @Test
    void closingTheWorkspaceEmptiesTheTable() throws Exception {
        open(aWorkspace().service("a", 3, 0, 1, 1).writeTo(dir.resolve("w.prodlab")));

        session.close().executeWith(runner);

        assertTrue(vm.rows().isEmpty());
        assertEquals(messages.get("services.empty.no-workspace"), vm.emptyTextProperty().get());
    }

    @Test
    void whileLoadingTheTableSaysSoNotThatNoWorkspaceIsOpen() throws Exception {
        Path ws = aWorkspace().service("a", 3, 0, 1, 1).writeTo(dir.resolve("w.prodlab"));
        QueuedTaskRunner queued = new QueuedTaskRunner(status);
        ServicesViewModel slow = new ServicesViewModel(session, queued, messages, new TimeRangeModel(session, queued, messages), status);
        session.open(ws, false).executeWith(queued);
        queued.runNext(); // the open; the refresh it caused is now queued

        assertTrue(slow.loadingProperty().get());
        assertEquals(messages.get("services.loading"), slow.emptyTextProperty().get());

        queued.runAll();
        assertEquals(List.of("a"), names(slow.rows()));
        assertFalse(slow.loadingProperty().get());
    }

    @Test
    void aFailedLoadEmptiesTheTableAndTheStatusBarSaysWhy() throws Exception {
        open(aWorkspace().service("a", 3, 0, 1, 1).writeTo(dir.resolve("w.prodlab")));
        assertEquals(1, vm.rows().size());
        session.workspace().close(); // the workspace goes away under the view

        vm.refresh();

        assertTrue(vm.rows().isEmpty());
        assertTrue(status.errorProperty().get(), status.messageProperty().get());
        assertTrue(runner.unexpected().isEmpty(), "a workspace failure is shown by its category, not as a bug");
    }
}
