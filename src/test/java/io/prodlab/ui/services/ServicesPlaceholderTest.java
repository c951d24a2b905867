package io.prodlab.ui.services;

import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.TimeRangeModel;
import io.prodlab.ui.common.DialogFolders;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.common.WorkspaceSession;
import io.prodlab.ui.testing.QueuedTaskRunner;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;

import static io.prodlab.ui.testing.WorkspaceBuilder.aWorkspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the Services table says while its figures are still on their way. */
class ServicesPlaceholderTest extends FxRobot {
    @TempDir
    Path dir;

    private final WorkspaceSession session = new WorkspaceSession();
    private final QueuedTaskRunner runner = new QueuedTaskRunner(new StatusBarModel());

    @AfterEach
    void cleanUp() throws Exception {
        interact(() -> {
            session.close().executeWith(runner);
            runner.runAll();
        });
        FxToolkit.cleanupStages();
    }

    @Test
    void whileLoadingTheTableSaysLoadingWithASpinnerNotNoWorkspaceOpen() throws Exception {
        Path ws = aWorkspace().service("cart", 3, 0, 1, 2).writeTo(dir.resolve("w.prodlab"));
        Messages m = Messages.load();
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupSceneRoot(() -> new ServicesView(new ServicesViewModel(session, runner, m, new TimeRangeModel(session, runner, m), new StatusBarModel()), m, new DialogFolders()));
        FxToolkit.showStage();
        interact(() -> {
            session.open(ws, false).executeWith(runner);
            runner.runNext(); // opened; the table's load is queued behind
        });
        WaitForAsyncUtils.waitForFxEvents();

        Label placeholder = lookup("#" + ServicesView.ID_PLACEHOLDER).queryAs(Label.class);
        assertEquals(m.get("services.loading"), placeholder.getText());
        assertTrue(placeholder.getStyleClass().contains(Styles.LOADING));
        assertTrue(((ProgressIndicator) placeholder.getGraphic()).isVisible());

        interact(runner::runAll);

        TableView<?> table = lookup("#" + ServicesView.ID_TABLE).queryAs(TableView.class);
        assertEquals(1, table.getItems().size());
        assertFalse(placeholder.getStyleClass().contains(Styles.LOADING));
        assertFalse(placeholder.getGraphic().isVisible());
    }
}
