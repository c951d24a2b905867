package io.prodlab.ui.shell;

import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;
import io.prodlab.ui.common.BackgroundTask;
import io.prodlab.ui.common.DesktopSettings;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.TaskRunner;
import io.prodlab.ui.common.Theme;
import io.prodlab.ui.common.WorkspaceSession;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The main window: which workspace is open, which screen shows, the recent workspaces and the
 * theme. Opening and creating go through {@link WorkspaceSession}; the small settings files are
 * written in the background.
 */
public final class MainViewModel {
    private final WorkspaceSession session;
    private final TaskRunner runner;
    private final StatusBarModel status;
    private final Messages messages;
    private final DesktopSettings settings;
    private final Path demoWorkspace;

    private final ObjectProperty<Page> page = new SimpleObjectProperty<>(this, "page", Page.START);
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme");
    private final ReadOnlyBooleanWrapper demoAvailable = new ReadOnlyBooleanWrapper(this, "demoAvailable");
    private final ReadOnlyBooleanWrapper opening = new ReadOnlyBooleanWrapper(this, "opening");
    private final StringBinding title;

    public MainViewModel(WorkspaceSession session, TaskRunner runner, StatusBarModel status, Messages messages,
                         DesktopSettings settings, List<Path> initialRecent, Theme initialTheme, Path demoWorkspace) {
        this.session = session;
        this.runner = runner;
        this.status = status;
        this.messages = messages;
        this.settings = settings;
        this.demoWorkspace = demoWorkspace;
        this.recent.setAll(initialRecent);
        this.theme.set(initialTheme);
        this.title = Bindings.createStringBinding(() -> {
            Path p = session.path();
            Path name = p == null ? null : p.getFileName();
            return name == null ? messages.get("app.title") : messages.format("app.title.workspace", name.toString());
        }, session.pathProperty());
        page.addListener((obs, old, now) -> {
            if (now != Page.START && !session.isOpen()) {
                page.set(Page.START);
            }
        });
        session.pathProperty().addListener((obs, old, now) -> {
            if (now == null) {
                page.set(Page.START);
            }
        });
        theme.addListener((obs, old, now) -> saveTheme(now));
    }

    /**
     * What the window does first: open {@code requested}, else the most recent workspace, else
     * stay on the start page.
     */
    public void start(Path requested) {
        checkDemo();
        if (requested != null) {
            open(requested);
        } else if (!recent.isEmpty()) {
            Path last = recent.get(0);
            BackgroundTask.of(() -> Files.isRegularFile(last))
                    .onSuccess(exists -> {
                        if (exists) {
                            open(last);
                        }
                    })
                    .executeWith(runner);
        }
    }

    private void checkDemo() {
        if (demoWorkspace == null) {
            return;
        }
        BackgroundTask.of(() -> Files.isRegularFile(demoWorkspace))
                .onSuccess(demoAvailable::set)
                .executeWith(runner);
    }

    public void open(Path file) {
        openOrCreate(file, false);
    }

    /** Creates a workspace (the New dialog's choice); adds the extension when the name has none. */
    public void create(Path file) {
        openOrCreate(withExtension(file), true);
    }

    public void openDemo() {
        if (demoWorkspace != null) {
            open(demoWorkspace);
        }
    }

    static Path withExtension(Path file) {
        Path name = file.getFileName();
        if (name == null || name.toString().endsWith(Workspace.EXTENSION)) {
            return file;
        }
        return file.resolveSibling(name + Workspace.EXTENSION);
    }

    private void openOrCreate(Path file, boolean create) {
        opening.set(true);
        session.open(file, create)
                .titled(messages.format("shell.task.opening", file.getFileName()))
                .onSuccess(o -> {
                    rememberRecent(o.path());
                    page.set(o.spans() == 0 ? Page.IMPORT : Page.SERVICES);
                    status.info(messages.format(create ? "shell.status.created" : "shell.status.opened",
                            o.path().toString(), o.spans()));
                })
                .onError(WorkspaceException.class, e -> status.error(e.getMessage()))
                .andFinally(() -> opening.set(false))
                .executeWith(runner);
    }

    public void closeWorkspace() {
        session.close()
                .onSuccess(v -> status.info(messages.get("shell.status.closed")))
                .onError(WorkspaceException.class, e -> status.error(e.getMessage()))
                .executeWith(runner);
    }

    private void rememberRecent(Path opened) {
        recent.setAll(DesktopSettings.withPathFirst(recent, opened));
        saveRecent();
    }

    public void clearRecent() {
        recent.clear();
        saveRecent();
    }

    private void saveRecent() {
        List<Path> snapshot = List.copyOf(recent);
        BackgroundTask.<Void>of(() -> {
                    settings.saveRecent(snapshot);
                    return null;
                })
                .onError(IOException.class, e -> status.error(messages.format("shell.status.recent-not-saved",
                        settings.recentFile().toString(), String.valueOf(e.getMessage()))))
                .executeWith(runner);
    }

    public void toggleTheme() {
        theme.set(theme.get() == Theme.DARK ? Theme.LIGHT : Theme.DARK);
    }

    private void saveTheme(Theme chosen) {
        BackgroundTask.<Void>of(() -> {
                    settings.saveTheme(chosen);
                    return null;
                })
                .onError(IOException.class, e -> status.error(messages.format("shell.status.theme-not-saved",
                        String.valueOf(e.getMessage()))))
                .executeWith(runner);
    }

    /** Shows a screen; screens other than the start page need an open workspace. */
    public void show(Page target) {
        page.set(target);
    }

    public ObjectProperty<Page> pageProperty() {
        return page;
    }

    public ObservableList<Path> recent() {
        return FXCollections.unmodifiableObservableList(recent);
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public ReadOnlyBooleanProperty demoAvailableProperty() {
        return demoAvailable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty openingProperty() {
        return opening.getReadOnlyProperty();
    }

    public StringBinding titleProperty() {
        return title;
    }

    public WorkspaceSession session() {
        return session;
    }
}
