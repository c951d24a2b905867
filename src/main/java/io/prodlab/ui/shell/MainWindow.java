package io.prodlab.ui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.prodlab.store.Version;
import io.prodlab.store.Workspace;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.common.Theme;
import io.prodlab.ui.imports.ImportView;
import io.prodlab.ui.services.ServicesView;
import javafx.application.Application;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

import java.io.File;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The main window: menu bar, navigation sidebar, the current screen and the status bar. It owns
 * the workspace dialogs (New, Open) and drag-and-drop onto the window.
 */
public final class MainWindow {
    public static final String ID = "main-window";
    public static final String ID_NAV_IMPORT = "nav-import";
    public static final String ID_NAV_SERVICES = "nav-services";
    public static final String ID_MENU_DARK = "menu-dark";

    private final Stage stage;
    private final MainViewModel vm;
    private final Messages m;
    private final ImportView importView;
    private final ServicesView servicesView;
    private final StatusBarModel status;
    private final BorderPane root = new BorderPane();
    private final Map<Page, Node> pages = new EnumMap<>(Page.class);
    private final Map<Page, ToggleButton> navButtons = new EnumMap<>(Page.class);
    private final StackPane center = new StackPane();
    private final Menu recentMenu;
    private File lastDirectory;

    public MainWindow(Stage stage, MainViewModel vm, StatusBarModel status, Messages messages, ImportView importView,
                      ServicesView servicesView) {
        this.stage = stage;
        this.vm = vm;
        this.m = messages;
        this.status = status;
        this.importView = importView;
        this.servicesView = servicesView;
        this.recentMenu = new Menu(m.get("menu.file.recent"));

        root.setId(ID);
        root.getStyleClass().add(Styles.MAIN_WINDOW);
        pages.put(Page.START, new StartPage(vm, m, this::chooseNew, this::chooseOpen));
        pages.put(Page.IMPORT, importView);
        pages.put(Page.SERVICES, servicesView);
        center.getChildren().setAll(pages.values());

        root.setTop(menuBar());
        root.setLeft(sidebar());
        root.setCenter(center);
        root.setBottom(new StatusBar(vm.session(), status, m));

        vm.pageProperty().addListener((obs, old, page) -> showPage(page));
        showPage(vm.pageProperty().get());

        Scene scene = new Scene(root, 1200, 760);
        scene.getStylesheets().add(MainWindow.class.getResource(Styles.STYLESHEET).toExternalForm());
        scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+F"), () -> {
            if (vm.session().isOpen()) {
                vm.show(Page.SERVICES);
                servicesView.focusFilter();
            }
        });
        installDragAndDrop(scene);
        applyTheme(vm.themeProperty().get());
        vm.themeProperty().addListener((obs, old, theme) -> applyTheme(theme));

        stage.setScene(scene);
        stage.titleProperty().bind(vm.titleProperty());
        stage.setMinWidth(800);
        stage.setMinHeight(520);
    }

    // --- menus --------------------------------------------------------------------------

    private MenuBar menuBar() {
        MenuItem newWs = item("menu.file.new", "Shortcut+N", this::chooseNew);
        MenuItem open = item("menu.file.open", "Shortcut+O", this::chooseOpen);
        vm.recent().addListener((ListChangeListener<Path>) c -> rebuildRecentMenu());
        rebuildRecentMenu();
        MenuItem importFiles = item("menu.file.import-files", "Shortcut+I", () -> {
            vm.show(Page.IMPORT);
            importView.chooseFiles();
        });
        MenuItem importFolder = item("menu.file.import-folder", "Shortcut+Shift+I", () -> {
            vm.show(Page.IMPORT);
            importView.chooseFolder();
        });
        importFiles.disableProperty().bind(importView.viewModel().canEditFilesProperty().not());
        importFolder.disableProperty().bind(importView.viewModel().canEditFilesProperty().not());
        MenuItem close = item("menu.file.close", "Shortcut+W", vm::closeWorkspace);
        close.disableProperty().bind(vm.session().openProperty().not()
                .or(importView.viewModel().runningProperty()));
        MenuItem exit = item("menu.file.exit", "Shortcut+Q", stage::close);
        Menu file = new Menu(m.get("menu.file"), null, newWs, open, recentMenu, new SeparatorMenuItem(),
                importFiles, importFolder, new SeparatorMenuItem(), close, new SeparatorMenuItem(), exit);
        newWs.disableProperty().bind(importView.viewModel().runningProperty());
        open.disableProperty().bind(importView.viewModel().runningProperty());
        recentMenu.disableProperty().bind(importView.viewModel().runningProperty());

        MenuItem showImport = item("menu.view.import", "Shortcut+1", () -> vm.show(Page.IMPORT));
        MenuItem showServices = item("menu.view.services", "Shortcut+2", () -> vm.show(Page.SERVICES));
        showImport.disableProperty().bind(vm.session().openProperty().not());
        showServices.disableProperty().bind(vm.session().openProperty().not());
        CheckMenuItem dark = new CheckMenuItem(m.get("menu.view.dark"));
        dark.setId(ID_MENU_DARK);
        dark.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+D"));
        dark.setSelected(vm.themeProperty().get() == Theme.DARK);
        vm.themeProperty().addListener((obs, old, t) -> dark.setSelected(t == Theme.DARK));
        dark.setOnAction(e -> vm.themeProperty().set(dark.isSelected() ? Theme.DARK : Theme.LIGHT));
        Menu view = new Menu(m.get("menu.view"), null, showImport, showServices, new SeparatorMenuItem(), dark);

        MenuItem about = item("menu.help.about", null, this::showAbout);
        Menu help = new Menu(m.get("menu.help"), null, about);
        MenuBar bar = new MenuBar(file, view, help);
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

    private VBox sidebar() {
        ToggleGroup group = new ToggleGroup();
        ToggleButton imp = navButton(ID_NAV_IMPORT, "nav.import", new FontIcon(MaterialDesignD.DATABASE_IMPORT),
                Page.IMPORT, group);
        ToggleButton svc = navButton(ID_NAV_SERVICES, "nav.services", new FontIcon(MaterialDesignS.SERVER_NETWORK),
                Page.SERVICES, group);
        VBox box = new VBox(imp, svc);
        box.getStyleClass().add(Styles.SIDEBAR);
        return box;
    }

    private ToggleButton navButton(String id, String key, FontIcon icon, Page page, ToggleGroup group) {
        ToggleButton b = new ToggleButton(m.get(key), icon);
        b.setId(id);
        b.getStyleClass().add(Styles.NAV_BUTTON);
        b.setToggleGroup(group);
        b.setMaxWidth(Double.MAX_VALUE);
        b.disableProperty().bind(vm.session().openProperty().not());
        // A click on the selected button would deselect it; navigation always shows one screen.
        b.setOnAction(e -> {
            vm.show(page);
            b.setSelected(vm.pageProperty().get() == page);
        });
        navButtons.put(page, b);
        return b;
    }

    /** All screens stay in the scene (keeping their state); only the current one is shown. */
    private void showPage(Page page) {
        pages.forEach((p, node) -> {
            node.setVisible(p == page);
            node.setManaged(p == page);
        });
        navButtons.forEach((p, b) -> b.setSelected(p == page));
    }

    // --- workspace dialogs --------------------------------------------------------------

    private FileChooser workspaceChooser(String titleKey) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(m.get(titleKey));
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(m.get("dialog.filter.workspace"), "*" + Workspace.EXTENSION),
                new FileChooser.ExtensionFilter(m.get("dialog.filter.all"), "*"));
        if (lastDirectory != null && lastDirectory.isDirectory()) {
            chooser.setInitialDirectory(lastDirectory);
        }
        return chooser;
    }

    private void chooseNew() {
        FileChooser chooser = workspaceChooser("dialog.new.title");
        chooser.setInitialFileName("analysis" + Workspace.EXTENSION);
        File f = chooser.showSaveDialog(stage);
        if (f != null) {
            lastDirectory = f.getParentFile();
            vm.create(f.toPath());
        }
    }

    private void chooseOpen() {
        File f = workspaceChooser("dialog.open.title").showOpenDialog(stage);
        if (f != null) {
            lastDirectory = f.getParentFile();
            vm.open(f.toPath());
        }
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
                List<Path> files = e.getDragboard().getFiles().stream().map(File::toPath).toList();
                if (importView.viewModel().canEditFilesProperty().get()) {
                    vm.show(Page.IMPORT);
                    importView.viewModel().addFiles(files);
                    done = true;
                } else if (!vm.session().isOpen()) {
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
    }
}
