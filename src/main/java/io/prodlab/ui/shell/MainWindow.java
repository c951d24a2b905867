package io.prodlab.ui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.prodlab.store.Version;
import io.prodlab.store.Workspace;
import io.prodlab.ui.common.DialogFolders;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.common.Theme;
import io.prodlab.ui.common.WorkspaceSession;
import javafx.application.Application;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.kordamp.ikonli.javafx.FontIcon;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The main window: menu bar, navigation, the current screen and the status bar, built from the
 * list of {@link Screen}s the composition root hands in — the navigation list, the View menu and
 * the shortcuts all come from it. The window owns the workspace dialogs (New, Open), the help
 * window and drag-and-drop onto the window; what is disabled while a long job runs comes from
 * the session's busy state, whichever feature runs the job.
 */
public final class MainWindow {
    public static final String ID = "main-window";
    public static final String ID_NAV = "nav";
    public static final String ID_MENU_DARK = "menu-dark";
    public static final String ID_MENU_RECENT = "menu-recent";
    public static final String ID_EXPORT_OFFER = "export-offer";
    public static final double MIN_WIDTH = 940;
    public static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);

    private final Stage stage;
    private final MainViewModel vm;
    private final WorkspaceSession session;
    private final Messages m;
    private final StatusBarModel status;
    private final List<Screen> screens;
    private final FileTarget files;
    private final DialogFolders folders;
    private final BorderPane root = new BorderPane();
    private final Map<Page, Node> pages = new LinkedHashMap<>();
    private final ListView<Screen> nav = new ListView<>();
    private final StackPane center = new StackPane();
    private final Menu recentMenu;
    private final HelpWindow help;

    /** The id of the navigation entry of {@code page}: {@code nav-services}. */
    public static String navId(Page page) {
        return "nav-" + page.id();
    }

    public MainWindow(Stage stage, MainViewModel vm, StatusBarModel status, Messages messages, List<Screen> screens,
                      FileTarget files, DialogFolders folders) {
        this.stage = stage;
        this.vm = vm;
        this.session = vm.session();
        this.m = messages;
        this.status = status;
        this.screens = List.copyOf(screens);
        this.files = files;
        this.folders = folders;
        this.recentMenu = new Menu(m.get("menu.file.recent"));
        recentMenu.setId(ID_MENU_RECENT);
        this.help = new HelpWindow(stage, m);

        root.setId(ID);
        root.getStyleClass().add(Styles.MAIN_WINDOW);
        pages.put(Page.START, new StartPage(vm, m, this::chooseNew, this::chooseOpen));
        for (Screen s : this.screens) {
            pages.put(s.page(), s.node());
        }
        center.getChildren().setAll(pages.values());

        root.setTop(menuBar());
        root.setLeft(sidebar());
        root.setCenter(center);
        root.setBottom(new StatusBar(session, status, m));

        vm.pageProperty().addListener((obs, old, page) -> showPage(page));
        showPage(vm.pageProperty().get());
        vm.exportOfferProperty().addListener((obs, old, offer) -> {
            if (offer != null) {
                askAboutExport(offer);
            }
        });

        Scene scene = new Scene(root, 1200, 760);
        scene.getStylesheets().add(MainWindow.class.getResource(Styles.STYLESHEET).toExternalForm());
        scene.getAccelerators().put(FIND, this::find);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F1), help::show);
        installDragAndDrop(scene);
        applyTheme(vm.themeProperty().get());
        vm.themeProperty().addListener((obs, old, theme) -> applyTheme(theme));

        stage.setScene(scene);
        stage.titleProperty().bind(vm.titleProperty());
        // Narrow enough for a small laptop screen, wide enough that every Services column fits with
        // its header (so nothing, least of all the Service column, scrolls away).
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(520);
    }

    // --- menus --------------------------------------------------------------------------

    private MenuBar menuBar() {
        ReadOnlyBooleanProperty busy = session.busyProperty();
        BooleanBinding notIdle = session.idleProperty().not();
        MenuItem newWs = item("menu.file.new", "Shortcut+N", this::chooseNew);
        MenuItem open = item("menu.file.open", "Shortcut+O", this::chooseOpen);
        vm.recent().addListener((ListChangeListener<Path>) c -> rebuildRecentMenu());
        rebuildRecentMenu();
        MenuItem importFiles = item("menu.file.import-files", "Shortcut+I", () -> {
            vm.show(files.page());
            files.chooseFiles().run();
        });
        MenuItem importFolder = item("menu.file.import-folder", "Shortcut+Shift+I", () -> {
            vm.show(files.page());
            files.chooseFolder().run();
        });
        importFiles.disableProperty().bind(notIdle);
        importFolder.disableProperty().bind(notIdle);
        MenuItem close = item("menu.file.close", "Shortcut+W", vm::closeWorkspace);
        close.disableProperty().bind(notIdle);
        MenuItem exit = item("menu.file.exit", "Shortcut+Q", stage::close);
        Menu file = new Menu(m.get("menu.file"), null, newWs, open, recentMenu, new SeparatorMenuItem(),
                importFiles, importFolder, new SeparatorMenuItem(), close, new SeparatorMenuItem(), exit);
        newWs.disableProperty().bind(busy);
        open.disableProperty().bind(busy);
        recentMenu.disableProperty().bind(busy);

        List<MenuItem> viewItems = new ArrayList<>();
        for (Screen s : screens) {
            MenuItem show = new MenuItem(s.label());
            show.setId("menu-" + s.page().id());
            show.setMnemonicParsing(true);
            show.setAccelerator(s.accelerator());
            show.setOnAction(e -> vm.show(s.page()));
            show.disableProperty().bind(session.openProperty().not());
            viewItems.add(show);
        }
        CheckMenuItem dark = new CheckMenuItem(m.get("menu.view.dark"));
        dark.setId(ID_MENU_DARK);
        dark.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+D"));
        dark.setSelected(vm.themeProperty().get() == Theme.DARK);
        vm.themeProperty().addListener((obs, old, t) -> dark.setSelected(t == Theme.DARK));
        dark.setOnAction(e -> vm.themeProperty().set(dark.isSelected() ? Theme.DARK : Theme.LIGHT));
        viewItems.add(new SeparatorMenuItem());
        viewItems.add(dark);
        Menu view = new Menu(m.get("menu.view"), null, viewItems.toArray(MenuItem[]::new));

        MenuItem guide = item("menu.help.guide", null, help::show);
        guide.setAccelerator(new KeyCodeCombination(KeyCode.F1));
        MenuItem about = item("menu.help.about", null, this::showAbout);
        Menu helpMenu = new Menu(m.get("menu.help"), null, guide, new SeparatorMenuItem(), about);
        MenuBar bar = new MenuBar(file, view, helpMenu);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private MenuItem item(String key, String accelerator, Runnable action) {
        MenuItem item = new MenuItem(m.get(key));
        item.setMnemonicParsing(true);
        if (accelerator != null) {
            item.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        item.setOnAction(e -> action.run());
        return item;
    }

    private void rebuildRecentMenu() {
        recentMenu.getItems().clear();
        if (vm.recent().isEmpty()) {
            MenuItem none = new MenuItem(m.get("menu.file.recent.empty"));
            none.setDisable(true);
            recentMenu.getItems().add(none);
            return;
        }
        int n = 1;
        for (Path p : vm.recent()) {
            // "_1 name" gives each entry a mnemonic digit; the name itself is not parsed for one.
            Path name = p.getFileName();
            String label = (n <= 9 ? "_" + n + "  " : "    ") + (name == null ? p : name).toString().replace("_", "__");
            MenuItem item = new MenuItem(label);
            item.setMnemonicParsing(true);
            item.setOnAction(e -> vm.open(p));
            recentMenu.getItems().add(item);
            n++;
        }
        recentMenu.getItems().add(new SeparatorMenuItem());
        recentMenu.getItems().add(item("menu.file.recent.clear", null, vm::clearRecent));
    }

    private void showAbout() {
        Alert about = new Alert(Alert.AlertType.INFORMATION);
        about.initOwner(stage);
        about.setTitle(m.get("menu.help.about").replace("_", ""));
        about.setHeaderText(m.get("app.title"));
        about.setContentText(m.format("about.text", Version.current()));
        about.show();
    }

    // --- navigation ---------------------------------------------------------------------

    /**
     * The navigation is a list: Tab gives it the focus (with a visible ring), the arrow keys move
     * the selection, and the selected entry is the screen shown.
     */
    private Node sidebar() {
        nav.setId(ID_NAV);
        nav.getStyleClass().add(Styles.SIDEBAR);
        nav.getItems().setAll(screens);
        nav.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(Screen s, boolean empty) {
                super.updateItem(s, empty);
                getStyleClass().remove(Styles.NAV_BUTTON);
                if (empty || s == null) {
                    setText(null);
                    setGraphic(null);
                    setId(null);
                    return;
                }
                getStyleClass().add(Styles.NAV_BUTTON);
                setId(navId(s.page()));
                setText(s.plainLabel());
                setGraphic(s.icon() == null ? null : new FontIcon(s.icon()));
            }
        });
        nav.disableProperty().bind(session.openProperty().not());
        nav.getSelectionModel().selectedItemProperty().addListener((obs, old, s) -> {
            if (s != null && !s.page().equals(vm.pageProperty().get())) {
                vm.show(s.page());
            }
        });
        return nav;
    }

    /** All screens stay in the scene (keeping their state); only the current one is shown. */
    private void showPage(Page page) {
        pages.forEach((p, node) -> {
            node.setVisible(p.equals(page));
            node.setManaged(p.equals(page));
        });
        Optional<Screen> shown = screens.stream().filter(s -> s.page().equals(page)).findFirst();
        if (shown.isPresent()) {
            nav.getSelectionModel().select(shown.get());
        } else {
            nav.getSelectionModel().clearSelection();
        }
    }

    /** Ctrl+F: the current screen's filter, else the first screen that has one. */
    private void find() {
        if (!session.isOpen()) {
            return;
        }
        Optional<Screen> target = screens.stream()
                .filter(s -> s.page().equals(vm.pageProperty().get()) && s.find() != null).findFirst()
                .or(() -> screens.stream().filter(s -> s.find() != null).findFirst());
        target.ifPresent(s -> {
            vm.show(s.page());
            s.find().run();
        });
    }

    // --- workspace dialogs --------------------------------------------------------------

    private FileChooser workspaceChooser(String titleKey) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(m.get(titleKey));
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(m.get("dialog.filter.workspace"), "*" + Workspace.EXTENSION),
                new FileChooser.ExtensionFilter(m.get("dialog.filter.all"), "*"));
        chooser.setInitialDirectory(folders.initial());
        return chooser;
    }

    private void chooseNew() {
        FileChooser chooser = workspaceChooser("dialog.new.title");
        chooser.setInitialFileName("analysis" + Workspace.EXTENSION);
        File f = chooser.showSaveDialog(stage);
        if (f != null) {
            folders.used(f);
            vm.create(f.toPath());
        }
    }

    private void chooseOpen() {
        File f = workspaceChooser("dialog.open.title").showOpenDialog(stage);
        if (f != null) {
            folders.used(f);
            vm.open(f.toPath());
        }
    }

    /** "x.json is a trace export, not a workspace. Create x.prodlab beside it and import it?" */
    private void askAboutExport(MainViewModel.ExportOffer offer) {
        ButtonType create = new ButtonType(m.get("shell.export-offer.create"), ButtonBar.ButtonData.OK_DONE);
        Alert ask = new Alert(Alert.AlertType.CONFIRMATION, "", create, ButtonType.CANCEL);
        ask.initOwner(stage);
        ask.getDialogPane().setId(ID_EXPORT_OFFER);
        ask.setTitle(m.get("shell.export-offer.title"));
        ask.setHeaderText(m.format("shell.export-offer.header", fileName(offer.export())));
        ask.setContentText(m.format("shell.export-offer.text", fileName(offer.workspace()),
                String.valueOf(offer.workspace().getParent())));
        ask.setOnHidden(e -> {
            if (ask.getResult() == create) {
                vm.acceptExportOffer(files.importNow());
            } else {
                vm.declineExportOffer();
            }
        });
        ask.show();
    }

    private static String fileName(Path p) {
        Path n = p.getFileName();
        return n == null ? p.toString() : n.toString();
    }

    // --- drag and drop ------------------------------------------------------------------

    private void installDragAndDrop(Scene scene) {
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
                Styles.toggle(root, Styles.DROP_ACTIVE, true);
            }
            e.consume();
        });
        scene.setOnDragExited(e -> Styles.toggle(root, Styles.DROP_ACTIVE, false));
        scene.setOnDragDropped(e -> {
            Styles.toggle(root, Styles.DROP_ACTIVE, false);
            boolean done = false;
            if (e.getDragboard().hasFiles()) {
                List<Path> dropped = e.getDragboard().getFiles().stream().map(File::toPath).toList();
                if (session.idleProperty().get()) {
                    vm.show(files.page());
                    files.add().accept(dropped);
                    done = true;
                } else if (!session.isOpen()) {
                    status.error(m.get("shell.drop.no-workspace"));
                }
            }
            e.setDropCompleted(done);
            e.consume();
        });
    }

    // --- theme --------------------------------------------------------------------------

    private void applyTheme(Theme theme) {
        Application.setUserAgentStylesheet(theme == Theme.DARK
                ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
        Styles.toggle(root, Styles.THEME_DARK, theme == Theme.DARK);
        help.applyTheme(theme);
    }
}
