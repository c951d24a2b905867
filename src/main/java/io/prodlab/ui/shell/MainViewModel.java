package io.prodlab.ui.shell;

import io.prodlab.ingest.ExportProbe;
import io.prodlab.store.Workspace;
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
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The main window: which workspace is open, which screen shows, the recent workspaces and the
 * theme. Opening and creating go through {@link WorkspaceSession}; the small settings files are
 * written in the background.
 */
public final class MainViewModel {
    /** What a file picked in File → Open turned out to be. */
    enum FileKind { DUCKDB, EXPORT, OTHER, MISSING }

    /**
     * A trace export picked where a workspace was expected: the window asks whether to create
     * {@code workspace} and import {@code export} into it.
     */
    public record ExportOffer(Path export, Path workspace) {
    }

    /** Looks at a file before it is opened; a test may count the looks. */
    @FunctionalInterface
    interface Prober {
        FileKind kindOf(Path file) throws IOException;
    }

    Prober prober = MainViewModel::kindOf;

    private static final byte[] DUCKDB_MAGIC = "DUCK".getBytes(StandardCharsets.US_ASCII);

    private final WorkspaceSession session;
    private final TaskRunner runner;
    private final StatusBarModel status;
    private final Messages messages;
    private final DesktopSettings settings;
    private final Path demoWorkspace;
    private final LongFunction<Page> landing;

    private final ObjectProperty<Page> page = new SimpleObjectProperty<>(this, "page", Page.START);
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final ObservableList<Path> recentView = FXCollections.unmodifiableObservableList(recent);
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme");
    private final ReadOnlyBooleanWrapper demoAvailable = new ReadOnlyBooleanWrapper(this, "demoAvailable");
    private final ReadOnlyBooleanWrapper demoBuilt = new ReadOnlyBooleanWrapper(this, "demoBuilt");
    private DemoBuilder demoBuilder;
    private final ReadOnlyObjectWrapper<ExportOffer> exportOffer = new ReadOnlyObjectWrapper<>(this, "exportOffer");
    private final StringBinding title;

    /**
     * @param landing the screen a freshly opened workspace shows, by its span count (an empty one
     *                starts where files are imported)
     */
    public MainViewModel(WorkspaceSession session, TaskRunner runner, StatusBarModel status, Messages messages,
                         DesktopSettings settings, List<Path> initialRecent, Theme initialTheme, Path demoWorkspace,
                         LongFunction<Page> landing) {
        this.session = session;
        this.runner = runner;
        this.status = status;
        this.messages = messages;
        this.settings = settings;
        this.demoWorkspace = demoWorkspace;
        this.landing = landing;
        this.recent.setAll(initialRecent);
        this.theme.set(initialTheme);
        this.title = Bindings.createStringBinding(() -> {
            Path p = session.path();
            Path name = p == null ? null : p.getFileName();
            return name == null ? messages.get("app.title") : messages.format("app.title.workspace", name.toString());
        }, session.pathProperty());
        page.addListener((obs, old, now) -> {
            if (!Page.START.equals(now) && !session.isOpen()) {
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
        DemoBuilder builder = demoBuilder;
        BackgroundTask.of(() -> {
                    boolean built = Files.isRegularFile(demoWorkspace);
                    return new boolean[] {built, !built && builder != null && builder.canBuild()};
                })
                .onSuccess(d -> {
                    demoBuilt.set(d[0]);
                    demoAvailable.set(d[0] || d[1]);
                })
                .executeWith(runner);
    }

    /**
     * Lets the start page build the demo workspace when it does not exist yet (the composition root
     * hands in the core's builder).
     */
    public MainViewModel withDemoBuilder(DemoBuilder builder) {
        this.demoBuilder = builder;
        return this;
    }

    /**
     * Opens a workspace the user picked. The file is looked at first: a DuckDB file is opened; a
     * trace export leads to {@link #exportOfferProperty() an offer} to import it into a new
     * workspace; anything else gets a plain message and is not touched.
     */
    public void open(Path file) {
        Path target = file.toAbsolutePath().normalize();
        if (target.equals(session.path())) {
            // Already open: never read it through a stream of our own — on Linux, closing any
            // descriptor of a file drops the process's lock on it, which DuckDB holds.
            openOrCreate(target, false, null);
            return;
        }
        BackgroundTask.of(() -> prober.kindOf(target))
                .holdsBusy(session.busy())
                .onSuccess(kind -> {
                    switch (kind) {
                        case DUCKDB -> openOrCreate(target, false, null);
                        case EXPORT -> exportOffer.set(new ExportOffer(target, workspaceBeside(target)));
                        case MISSING -> status.error(messages.format("shell.open.missing", target.toString()));
                        case OTHER -> status.error(messages.format("shell.open.not-workspace", name(target)));
                    }
                })
                .executeWith(runner);
    }

    /** Creates a workspace (the New dialog's choice); adds the extension when the name has none. */
    public void create(Path file) {
        openOrCreate(withExtension(file), true, null);
    }

    /**
     * The user accepted the offer: creates its workspace, then hands the export to {@code importNow}
     * (the Import screen's "add and start").
     */
    public void acceptExportOffer(Consumer<List<Path>> importNow) {
        ExportOffer offer = exportOffer.get();
        exportOffer.set(null);
        if (offer != null) {
            openOrCreate(offer.workspace(), true, () -> importNow.accept(List.of(offer.export())));
        }
    }

    public void declineExportOffer() {
        exportOffer.set(null);
    }

    /** Opens the demo workspace, building it from the sample data first when it is not there yet. */
    public void openDemo() {
        if (demoWorkspace == null) {
            return;
        }
        if (demoBuilt.get() || demoBuilder == null) {
            open(demoWorkspace);
            return;
        }
        DemoBuilder builder = demoBuilder;
        BackgroundTask.cancellable(token -> builder.build(token::isCancelled))
                .titled(messages.get("shell.task.building-demo"))
                .holdsBusy(session.busy())
                .onSuccess(spans -> demoBuilt.set(true))
                .andFinally(() -> {
                    if (demoBuilt.get()) {
                        openOrCreate(demoWorkspace, false, null);
                    }
                })
                .executeWith(runner);
    }

    /** Whether the demo workspace exists already (else "Open the demo" builds it first). */
    public ReadOnlyBooleanProperty demoBuiltProperty() {
        return demoBuilt.getReadOnlyProperty();
    }

    static Path withExtension(Path file) {
        Path name = file.getFileName();
        if (name == null || name.toString().endsWith(Workspace.EXTENSION)) {
            return file;
        }
        return file.resolveSibling(name + Workspace.EXTENSION);
    }

    /** {@code x.json.gz} → {@code x.prodlab} beside it; {@code x-2.prodlab} and so on when taken. */
    static Path workspaceBeside(Path export) {
        String name = name(export);
        int dot = name.indexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        Path folder = export.toAbsolutePath().getParent();
        Path candidate = folder.resolve(base + Workspace.EXTENSION);
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = folder.resolve(base + "-" + n + Workspace.EXTENSION);
        }
        return candidate;
    }

    /** Reads the first bytes: DuckDB files carry "DUCK" at offset 8. */
    static FileKind kindOf(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return FileKind.MISSING;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(12);
        }
        if (head.length == 12 && Arrays.equals(Arrays.copyOfRange(head, 8, 12), DUCKDB_MAGIC)) {
            return FileKind.DUCKDB;
        }
        return ExportProbe.looksLikeExport(file) ? FileKind.EXPORT : FileKind.OTHER;
    }

    private static String name(Path p) {
        Path n = p.getFileName();
        return n == null ? p.toString() : n.toString();
    }

    private void openOrCreate(Path file, boolean create, Runnable then) {
        boolean[] opened = new boolean[1];
        session.open(file, create)
                .titled(messages.format("shell.task.opening", name(file)))
                .holdsBusy(session.busy())
                .onSuccess(o -> {
                    opened[0] = true;
                    rememberRecent(o.path());
                    page.set(landing.apply(o.spans()));
                    status.info(messages.format(create ? "shell.status.created" : "shell.status.opened",
                            o.path().toString(), o.spans()));
                })
                .andFinally(() -> {
                    // Once the session is no longer busy, so that the follow-up (an import) may start.
                    if (opened[0] && then != null) {
                        then.run();
                    }
                })
                .executeWith(runner);
    }

    public void closeWorkspace() {
        session.close()
                .holdsBusy(session.busy())
                .onSuccess(v -> status.info(messages.get("shell.status.closed")))
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

    /** The recent workspaces, most recent first; the same list for the whole session, so listeners stay. */
    public ObservableList<Path> recent() {
        return recentView;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public ReadOnlyBooleanProperty demoAvailableProperty() {
        return demoAvailable.getReadOnlyProperty();
    }

    /** A trace export waiting for the user's yes or no, or null. */
    public ReadOnlyObjectProperty<ExportOffer> exportOfferProperty() {
        return exportOffer.getReadOnlyProperty();
    }

    public StringBinding titleProperty() {
        return title;
    }

    public WorkspaceSession session() {
        return session;
    }
}
