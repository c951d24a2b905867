package io.prodlab.ui.shell;

import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.common.WorkspaceSession;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.geometry.Orientation;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;

/** Workspace path, span count, the last message, and the running work with its progress. */
public final class StatusBar extends HBox {
    public static final String ID_WORKSPACE = "status-workspace";
    public static final String ID_SPANS = "status-spans";
    public static final String ID_MESSAGE = "status-message";
    public static final String ID_TASK = "status-task";
    public static final String ID_PROGRESS = "status-progress";
    public static final String ID_TIME_RANGE = "status-time-range";

    StatusBar(WorkspaceSession session, StatusBarModel status, Messages m) {
        getStyleClass().add(Styles.STATUS_BAR);

        Label workspace = new Label("", new FontIcon(MaterialDesignD.DATABASE));
        workspace.setId(ID_WORKSPACE);
        workspace.textProperty().bind(Bindings.createStringBinding(
                () -> session.path() == null ? m.get("status.no-workspace") : session.path().toString(),
                session.pathProperty()));
        Tooltip pathTip = new Tooltip();
        pathTip.textProperty().bind(workspace.textProperty());
        workspace.setTooltip(pathTip);
        workspace.setMinWidth(Region.USE_PREF_SIZE);
        workspace.setMaxWidth(420);

        Label spans = new Label();
        spans.setId(ID_SPANS);
        spans.textProperty().bind(Bindings.createStringBinding(
                () -> session.path() == null ? "" : m.format("status.spans", session.spanCountProperty().get()),
                session.pathProperty(), session.spanCountProperty()));
        spans.setMinWidth(Region.USE_PREF_SIZE);

        Label message = new Label();
        message.setId(ID_MESSAGE);
        message.textProperty().bind(status.messageProperty());
        Tooltip messageTip = new Tooltip();
        messageTip.textProperty().bind(status.messageProperty());
        message.setTooltip(messageTip);
        message.managedProperty().bind(message.visibleProperty());
        status.errorProperty().addListener((obs, old, isError) ->
                Styles.toggle(message, Styles.STATUS_ERROR, isError));
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        // While work runs, its progress is the news; the last outcome would only crowd it out.
        message.visibleProperty().bind(status.showingTaskProperty().not());

        Label task = new Label();
        task.setId(ID_TASK);
        task.textProperty().bind(status.taskMessageProperty());
        task.visibleProperty().bind(status.showingTaskProperty());
        task.managedProperty().bind(task.visibleProperty());
        task.setMaxWidth(Double.MAX_VALUE);
        task.setMinWidth(200);
        HBox.setHgrow(task, Priority.ALWAYS);
        ProgressBar progress = new ProgressBar();
        progress.setId(ID_PROGRESS);
        progress.progressProperty().bind(status.taskProgressProperty());
        progress.visibleProperty().bind(status.showingTaskProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        progress.setMinWidth(Region.USE_PREF_SIZE);

        // Time: the session's time range, which every view applies.
        Label timeRange = new Label("", new FontIcon(MaterialDesignC.CLOCK_OUTLINE));
        timeRange.setId(ID_TIME_RANGE);
        timeRange.textProperty().bind(status.timeRangeProperty());
        timeRange.visibleProperty().bind(status.timeRangeProperty().isNotEmpty());
        timeRange.managedProperty().bind(timeRange.visibleProperty());
        // It may shorten (with an ellipsis, whole in the tooltip): a long range must not widen the window
        // past its size and push the screens' toolbars out of it.
        timeRange.setMinWidth(0);
        Tooltip rangeTip = new Tooltip();
        rangeTip.textProperty().bind(status.timeRangeProperty());
        timeRange.setTooltip(rangeTip);
        Separator timeSep = new Separator(Orientation.VERTICAL);
        timeSep.visibleProperty().bind(timeRange.visibleProperty());
        timeSep.managedProperty().bind(timeRange.visibleProperty());

        Separator sep = new Separator(Orientation.VERTICAL);
        getChildren().addAll(workspace, sep, spans, timeSep, timeRange, message, task, progress);
    }
}
