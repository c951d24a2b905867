package io.prodlab.ui.map;

import io.prodlab.graph.MapPicture;
import io.prodlab.graph.PngWriter;
import io.prodlab.store.MapDetailQuery;
import io.prodlab.ui.common.DialogFolders;
import io.prodlab.ui.common.FilterExpressionField;
import io.prodlab.ui.common.Formats;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.RedChart;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.common.TimeChartPane;
import io.prodlab.ui.common.TimeRangePicker;
import javafx.beans.binding.Bindings;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Locale;
import java.util.function.Function;

/**
 * The Map screen: the toolbar (filter, the session's time range, diff cohorts, search, focus,
 * colouring, zoom, export), the map on a {@link MapCanvas} with a minimap and a hover card, and the
 * side panel of the selection with its requests (or calls) over time. Lays out, binds and forwards to {@link MapViewModel}.
 */
public final class MapView extends VBox {
    public static final String ID = "map-view";
    public static final String ID_CANVAS = "map-canvas";
    public static final String ID_FILTER = "map-filter";
    public static final String ID_APPLY = "map-apply";
    public static final String ID_DIFF = "map-diff";
    public static final String ID_BASELINE = "map-baseline";
    public static final String ID_CANDIDATE = "map-candidate";
    public static final String ID_SEARCH = "map-search";
    public static final String ID_FOCUS = "map-focus";
    public static final String ID_HOPS = "map-hops";
    public static final String ID_COLOUR_ERRORS = "map-colour-errors";
    public static final String ID_COLOUR_LATENCY = "map-colour-latency";
    public static final String ID_ZOOM_IN = "map-zoom-in";
    public static final String ID_ZOOM_OUT = "map-zoom-out";
    public static final String ID_FIT = "map-fit";
    public static final String ID_EXPORT = "map-export";
    public static final String ID_SUMMARY = "map-summary";
    public static final String ID_EMPTY = "map-empty";
    public static final String ID_PANEL = "map-panel";
    public static final String ID_PANEL_TITLE = "map-panel-title";
    public static final String ID_PANEL_FIGURES = "map-panel-figures";
    /** The selection's rate, errors and duration over the session's range ({@link TimeChartPane}). */
    public static final String ID_PANEL_CHART = "map-panel-chart";
    public static final String ID_PANEL_CHART_TITLE = "map-panel-chart-title";
    public static final String ID_PANEL_OPERATIONS = "map-panel-operations";
    public static final String ID_PANEL_ERRORS = "map-panel-errors";
    public static final String ID_PANEL_TRACES = "map-panel-traces";
    public static final String ID_MINIMAP = "map-minimap";
    public static final String ID_HOVER = "map-hover";
    /** The minimap shows when the whole map fits only below this scale, where its text is gone. */
    private static final double MINIMAP_BELOW_SCALE = 0.35;
    private static final double MINIMAP_WIDTH = 200;
    private static final double MINIMAP_HEIGHT = 130;

    private final MapViewModel vm;
    private final Messages m;
    private final DialogFolders folders;
    private final StatusBarModel status;
    private final Function<String, String> words;
    private final MapCanvas map = new MapCanvas();
    private final Canvas minimap = new Canvas(MINIMAP_WIDTH, MINIMAP_HEIGHT);
    private final Label hover = new Label();
    private final TextField search = new TextField();
    private FilterExpressionField filterField;
    private Image minimapImage;
    private double minimapScale;
    private double pressX;
    private double pressY;
    private double lastX;
    private double lastY;
    private boolean dragged;

    public MapView(MapViewModel vm, Messages messages, DialogFolders folders, StatusBarModel status) {
        this.vm = vm;
        this.m = messages;
        this.folders = folders;
        this.status = status;
        this.words = MapCanvas.words(messages);
        setId(ID);
        getStyleClass().addAll(Styles.PAGE, "map-view");

        Label title = new Label(m.get("map.title"));
        title.getStyleClass().add(Styles.PAGE_TITLE);
        Label subtitle = new Label(m.get("map.subtitle"));
        subtitle.getStyleClass().add(Styles.PAGE_SUBTITLE);
        subtitle.setWrapText(true);
        subtitle.setMinHeight(Region.USE_PREF_SIZE);
        VBox header = new VBox(title, subtitle);
        header.getStyleClass().add(Styles.PAGE_HEADER);

        // Until a trace view takes sample traces (ProdlabApp sets its own handler then), a click copies the id.
        vm.setOnOpenTrace(id -> {
            javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
            content.putString(id);
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
            status.info(m.format("map.panel.trace.copied", id));
        });
        getChildren().addAll(header, scopeBar(), diffBar(), viewBar());
        BorderPane body = new BorderPane(mapArea());
        body.setRight(sidePanel());
        VBox.setVgrow(body, Priority.ALWAYS);
        getChildren().add(body);

        map.pictureProperty().bind(vm.pictureProperty());
        vm.pictureProperty().addListener((obs, old, p) -> {
            map.fit();
            minimapImage = null;
            updateMinimap();
        });
        map.layoutBoundsProperty().addListener((obs, old, b) -> {
            if (old.getWidth() == 0 || old.getHeight() == 0) {
                map.fit();
            }
            updateMinimap();
        });
        Runnable restyle = () -> map.drawStyleProperty().set(vm.style(map.palette(), words));
        vm.colouringProperty().addListener((obs, o, n) -> restyle.run());
        vm.selectedNodeProperty().addListener((obs, o, n) -> restyle.run());
        vm.selectedEdgeProperty().addListener((obs, o, n) -> restyle.run());
        vm.highlighted().addListener((javafx.collections.ListChangeListener<String>) c -> restyle.run());
        vm.pictureProperty().addListener((obs, o, n) -> restyle.run());
        restyle.run();
        vm.centreRequestsProperty().addListener((obs, o, n) -> centreSelection());
        map.scaleProperty().addListener((obs, o, n) -> updateMinimap());
        map.panXProperty().addListener((obs, o, n) -> updateMinimap());
        map.panYProperty().addListener((obs, o, n) -> updateMinimap());
        sceneProperty().addListener((obs, o, s) -> {
            if (s != null) {
                // The palette comes from the theme's tokens: redraw the minimap when they change.
                s.getRoot().getStyleClass().addListener((javafx.collections.ListChangeListener<String>) c -> {
                    minimapImage = null;
                    map.applyCss();
                    restyle.run();
                    updateMinimap();
                });
            }
        });
    }

    public MapViewModel viewModel() {
        return vm;
    }

    /** The canvas the map is drawn on (tests read its transform). */
    public MapCanvas canvas() {
        return map;
    }

    /** Ctrl+F: the search field. */
    public void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }

    /** Puts the cursor in the filter field (on an error, at its column). */
    public void focusFilter() {
        filterField.focusInput();
    }

    // --- toolbars --------------------------------------------------------------------------------

    private Node scopeBar() {
        filterField = new FilterExpressionField(ID_FILTER, vm.filterCheck(), m);
        filterField.input().setPromptText(m.get("map.filter.prompt"));
        filterField.input().setOnAction(e -> vm.refresh());
        HBox.setHgrow(filterField, Priority.ALWAYS);
        Button apply = new Button(m.get("map.apply"), new FontIcon(MaterialDesignR.REFRESH));
        apply.setId(ID_APPLY);
        apply.setMinWidth(Region.USE_PREF_SIZE);
        apply.setOnAction(e -> vm.refresh());
        apply.disableProperty().bind(vm.loadingProperty());
        CheckBox diff = new CheckBox(m.get("map.diff"));
        diff.setId(ID_DIFF);
        diff.setMinWidth(Region.USE_PREF_SIZE);
        diff.selectedProperty().bindBidirectional(vm.diffModeProperty());
        Label filterLabel = new Label(m.get("map.filter"));
        filterLabel.setLabelFor(filterField.input());
        filterLabel.setMinWidth(Region.USE_PREF_SIZE);
        TimeRangePicker picker = new TimeRangePicker(vm.timeRange(), m);
        HBox bar = new HBox(filterLabel, filterField, apply, picker, diff);
        bar.getStyleClass().add(Styles.TOOLBAR);
        bar.setAlignment(Pos.TOP_LEFT);
        HBox customRange = picker.customFields();
        customRange.getStyleClass().add(Styles.TOOLBAR);
        // The filter field says what is wrong with the filter, with its column, as it is typed.
        return new VBox(bar, customRange);
    }

    /** A field of the diff's cohorts: Enter rebuilds the map; the view model validates it. */
    private TextField field(String id, String prompt, javafx.beans.property.StringProperty value) {
        TextField f = new TextField();
        f.setId(id);
        f.getStyleClass().add(Styles.FILTER_FIELD);
        f.setPromptText(m.get(prompt));
        f.textProperty().bindBidirectional(value);
        f.setOnAction(e -> vm.refresh());
        return f;
    }

    private Label errorLabel(String id) {
        Label error = new Label();
        error.setId(id);
        error.getStyleClass().add(Styles.STATUS_ERROR);
        error.setWrapText(true);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());
        return error;
    }

    private Node diffBar() {
        TextField baseline = field(ID_BASELINE, "map.diff.baseline.prompt", vm.baselineFilterProperty());
        TextField candidate = field(ID_CANDIDATE, "map.diff.candidate.prompt", vm.candidateFilterProperty());
        HBox.setHgrow(baseline, Priority.ALWAYS);
        HBox.setHgrow(candidate, Priority.ALWAYS);
        Label a = new Label(m.get("map.diff.baseline"));
        a.setLabelFor(baseline);
        a.setMinWidth(Region.USE_PREF_SIZE);
        Label b = new Label(m.get("map.diff.candidate"));
        b.setLabelFor(candidate);
        b.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(a, baseline, b, candidate);
        bar.getStyleClass().add(Styles.TOOLBAR);
        Label error = errorLabel("map-diff-error");
        error.textProperty().bind(vm.diffErrorProperty());
        VBox box = new VBox(bar, error);
        box.visibleProperty().bind(vm.diffModeProperty());
        box.managedProperty().bind(vm.diffModeProperty());
        return box;
    }

    private Node viewBar() {
        search.setId(ID_SEARCH);
        search.getStyleClass().add(Styles.FILTER_FIELD);
        search.setPromptText(m.get("map.search.prompt"));
        search.setPrefColumnCount(14);
        search.setMinWidth(120);
        search.textProperty().bindBidirectional(vm.searchProperty());
        search.setOnAction(e -> {
            vm.openPanel();
            map.requestFocus();
        });
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE && !search.getText().isEmpty()) {
                search.clear();
                e.consume();
            }
        });
        Label searchLabel = new Label("", new FontIcon(MaterialDesignM.MAGNIFY));
        searchLabel.setLabelFor(search);
        Label searchStatus = new Label();
        searchStatus.getStyleClass().add(Styles.MUTED);
        searchStatus.textProperty().bind(Bindings.createStringBinding(vm::searchStatus, vm.searchProperty(),
                vm.highlighted(), vm.pictureProperty()));

        CheckBox focus = new CheckBox(m.get("map.focus"));
        focus.setId(ID_FOCUS);
        focus.setMinWidth(Region.USE_PREF_SIZE);
        focus.selectedProperty().bindBidirectional(vm.focusModeProperty());
        focus.setTooltip(new Tooltip(m.get("map.focus.tooltip")));
        focus.disableProperty().bind(vm.diffModeProperty());
        Spinner<Integer> hops = new Spinner<>(1, 6, 1);
        hops.setId(ID_HOPS);
        hops.setPrefWidth(70);
        hops.setMinWidth(Region.USE_PREF_SIZE);
        hops.setEditable(false);
        hops.getValueFactory().valueProperty().addListener((obs, o, n) -> vm.hopsProperty().set(n));
        hops.disableProperty().bind(vm.focusModeProperty().not());
        Label hopsLabel = new Label(m.get("map.hops"));
        hopsLabel.setLabelFor(hops);
        hopsLabel.setMinWidth(Region.USE_PREF_SIZE);

        ToggleGroup colouring = new ToggleGroup();
        ToggleButton errors = new ToggleButton(m.get("map.colour.errors"));
        errors.setId(ID_COLOUR_ERRORS);
        errors.setToggleGroup(colouring);
        errors.setSelected(true);
        ToggleButton latency = new ToggleButton(m.get("map.colour.latency"));
        latency.setId(ID_COLOUR_LATENCY);
        latency.setToggleGroup(colouring);
        errors.getStyleClass().add("left-pill");
        latency.getStyleClass().add("right-pill");
        colouring.selectedToggleProperty().addListener((obs, o, n) -> {
            if (n == null) {
                o.setSelected(true); // one of the two is always on
                return;
            }
            vm.colouringProperty().set(n == latency ? MapPicture.Colouring.LATENCY : MapPicture.Colouring.ERROR_RATE);
        });
        Label colourLabel = new Label(m.get("map.colour"));
        colourLabel.setMinWidth(Region.USE_PREF_SIZE);
        errors.setMinWidth(Region.USE_PREF_SIZE);
        latency.setMinWidth(Region.USE_PREF_SIZE);
        HBox colours = new HBox(errors, latency);
        colours.setMinWidth(Region.USE_PREF_SIZE);

        Button zoomOut = iconButton(ID_ZOOM_OUT, MaterialDesignM.MAGNIFY_MINUS_OUTLINE, "map.zoom-out", () -> map.zoom(1 / 1.25));
        Button zoomIn = iconButton(ID_ZOOM_IN, MaterialDesignM.MAGNIFY_PLUS_OUTLINE, "map.zoom-in", () -> map.zoom(1.25));
        Button fit = iconButton(ID_FIT, MaterialDesignF.FIT_TO_PAGE_OUTLINE, "map.fit", map::fit);

        MenuButton export = new MenuButton(m.get("map.export"), new FontIcon(MaterialDesignE.EXPORT));
        export.setId(ID_EXPORT);
        export.setMinWidth(Region.USE_PREF_SIZE);
        for (MapViewModel.ExportFormat f : MapViewModel.ExportFormat.values()) {
            MenuItem item = new MenuItem(m.get("map.export." + f.name().toLowerCase(Locale.ROOT)));
            item.setId("map-export-" + f.name().toLowerCase(Locale.ROOT));
            item.setOnAction(e -> export(f));
            export.getItems().add(item);
        }
        export.disableProperty().bind(vm.pictureProperty().isNull());

        Label summary = new Label();
        summary.setId(ID_SUMMARY);
        summary.getStyleClass().add(Styles.MUTED);
        summary.textProperty().bind(vm.summaryProperty());
        summary.setMinWidth(0);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(searchLabel, search, searchStatus, focus, hopsLabel, hops, colourLabel, colours, zoomOut,
                zoomIn, fit, export, spacer, summary);
        bar.getStyleClass().add(Styles.TOOLBAR);
        return bar;
    }

    private Button iconButton(String id, org.kordamp.ikonli.Ikon icon, String tooltip, Runnable action) {
        Button b = new Button("", new FontIcon(icon));
        b.setId(id);
        b.setTooltip(new Tooltip(m.get(tooltip)));
        b.setAccessibleText(m.get(tooltip));
        b.setOnAction(e -> action.run());
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    private void export(MapViewModel.ExportFormat f) {
        String ext = f.name().toLowerCase(Locale.ROOT);
        FileChooser chooser = new FileChooser();
        chooser.setTitle(m.get("map.export.title"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(m.get("map.export." + ext), "*." + ext));
        chooser.setInitialFileName("dependency-map." + ext);
        chooser.setInitialDirectory(folders.initial());
        File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            folders.used(file);
            vm.export(f, file.toPath(), map.palette(), words, status::info);
        }
    }

    // --- the map ---------------------------------------------------------------------------------

    private Node mapArea() {
        map.setId(ID_CANVAS);
        map.setAccessibleText(m.get("map.canvas.accessible"));
        map.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            map.requestFocus();
            pressX = lastX = e.getX();
            pressY = lastY = e.getY();
            dragged = false;
        });
        map.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (Math.abs(e.getX() - pressX) + Math.abs(e.getY() - pressY) > 4) {
                dragged = true;
            }
            map.panBy(e.getX() - lastX, e.getY() - lastY);
            lastX = e.getX();
            lastY = e.getY();
            hover.setVisible(false);
        });
        map.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            if (!dragged && e.getButton() == MouseButton.PRIMARY) {
                String[] hit = hit(e.getX(), e.getY());
                vm.click(hit[0], hit[1]);
            }
        });
        map.addEventHandler(MouseEvent.MOUSE_MOVED, e -> showHover(e.getX(), e.getY()));
        map.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover.setVisible(false));
        map.setOnScroll(e -> {
            if (e.getDeltaY() != 0) {
                map.zoomAt(Math.pow(1.0015, e.getDeltaY()), e.getX(), e.getY());
            }
            e.consume();
        });
        map.setOnZoom(e -> map.zoomAt(e.getZoomFactor(), e.getX(), e.getY()));
        map.addEventFilter(KeyEvent.KEY_PRESSED, this::key);

        minimap.setId(ID_MINIMAP);
        minimap.getStyleClass().add("map-minimap");
        minimap.setOnMousePressed(e -> minimapJump(e.getX(), e.getY()));
        minimap.setOnMouseDragged(e -> minimapJump(e.getX(), e.getY()));
        StackPane.setAlignment(minimap, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(minimap, new javafx.geometry.Insets(10));

        hover.setId(ID_HOVER);
        hover.getStyleClass().add("map-hover");
        hover.setManaged(false);
        hover.setVisible(false);
        hover.setMouseTransparent(true);

        Label empty = new Label();
        empty.setId(ID_EMPTY);
        empty.getStyleClass().add(Styles.MUTED);
        empty.setWrapText(true);
        empty.textProperty().bind(vm.emptyTextProperty());
        empty.visibleProperty().bind(vm.emptyTextProperty().isNotEmpty());
        empty.setMouseTransparent(true);

        StackPane area = new StackPane(map, minimap, empty, hover);
        area.getStyleClass().add("map-area");
        area.setMinSize(0, 0);
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(area.widthProperty());
        clip.heightProperty().bind(area.heightProperty());
        area.setClip(clip);
        return area;
    }

    private String[] hit(double sx, double sy) {
        MapPicture p = vm.picture();
        if (p == null) {
            return new String[2];
        }
        Point2D w = map.toWorld(sx, sy);
        MapPicture.DrawnNode n = p.nodeAt(w.getX(), w.getY());
        if (n != null) {
            return new String[] {n.node().id(), null};
        }
        MapPicture.DrawnEdge e = p.edgeAt(w.getX(), w.getY(), 6 / map.scaleProperty().get());
        return new String[] {null, e == null ? null : e.key()};
    }

    private void showHover(double sx, double sy) {
        String[] hit = hit(sx, sy);
        String text = vm.tooltip(hit[0], hit[1]);
        if (text.isEmpty()) {
            hover.setVisible(false);
            return;
        }
        hover.setText(text);
        hover.autosize();
        double x = sx + 16;
        double y = sy + 16;
        Region area = (Region) hover.getParent();
        if (x + hover.getWidth() > area.getWidth()) {
            x = Math.max(0, sx - hover.getWidth() - 8);
        }
        if (y + hover.getHeight() > area.getHeight()) {
            y = Math.max(0, sy - hover.getHeight() - 8);
        }
        hover.relocate(x, y);
        hover.setVisible(true);
    }

    private void key(KeyEvent e) {
        KeyCode c = e.getCode();
        boolean handled = true;
        switch (c) {
            case LEFT -> vm.move(MapViewModel.Direction.LEFT);
            case RIGHT -> vm.move(MapViewModel.Direction.RIGHT);
            case UP -> vm.move(MapViewModel.Direction.UP);
            case DOWN -> vm.move(MapViewModel.Direction.DOWN);
            case TAB -> vm.next(e.isShiftDown());
            case ENTER -> vm.openPanel();
            case ESCAPE -> vm.clearSelection();
            case PLUS, ADD, EQUALS -> map.zoom(1.25);
            case MINUS, SUBTRACT -> map.zoom(1 / 1.25);
            case DIGIT0, NUMPAD0 -> map.fit();
            default -> handled = false;
        }
        if (handled && !e.isControlDown() && !e.isAltDown() && !e.isMetaDown()) {
            e.consume();
        }
    }

    private void centreSelection() {
        MapPicture p = vm.picture();
        String id = vm.selectedNodeProperty().get();
        if (p == null || id == null || !p.nodes().containsKey(id)) {
            return;
        }
        MapPicture.DrawnNode n = p.nodes().get(id);
        map.centreOn(n.centreX(), n.centreY());
    }

    // --- minimap ---------------------------------------------------------------------------------

    private void updateMinimap() {
        MapPicture p = vm.picture();
        // Shown while part of the map is out of view (zoomed in, or a map too large to read whole).
        java.awt.geom.Rectangle2D view = map.visibleWorld();
        boolean show = p != null && !p.nodes().isEmpty() && map.getWidth() > 0
                && (!view.contains(0, 0, p.width(), p.height())
                || Math.min(map.getWidth() / p.width(), map.getHeight() / p.height()) < MINIMAP_BELOW_SCALE);
        minimap.setVisible(show);
        if (!show) {
            return;
        }
        if (minimapImage == null) {
            minimapScale = Math.min(MINIMAP_WIDTH / p.width(), MINIMAP_HEIGHT / p.height());
            BufferedImage img = new BufferedImage((int) MINIMAP_WIDTH, (int) MINIMAP_HEIGHT, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = img.createGraphics();
            MapPicture.Palette palette = map.palette();
            g.setColor(palette.background());
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.transform(AffineTransform.getScaleInstance(minimapScale, minimapScale));
            p.paint(g, new MapPicture.Style(palette, vm.colouringProperty().get(), null, null, java.util.Set.of(), null,
                    minimapScale, words));
            g.dispose();
            minimapImage = SwingFXUtils.toFXImage(img, null);
        }
        GraphicsContext gc = minimap.getGraphicsContext2D();
        gc.clearRect(0, 0, MINIMAP_WIDTH, MINIMAP_HEIGHT);
        gc.drawImage(minimapImage, 0, 0);
        java.awt.geom.Rectangle2D v = map.visibleWorld();
        gc.setStroke(javafx.scene.paint.Color.web("#0969da"));
        gc.setLineWidth(1.5);
        gc.strokeRect(v.getX() * minimapScale, v.getY() * minimapScale, v.getWidth() * minimapScale,
                v.getHeight() * minimapScale);
    }

    private void minimapJump(double x, double y) {
        if (minimapScale > 0) {
            double keep = map.scaleProperty().get();
            map.panXProperty().set(map.getWidth() / 2 - x / minimapScale * keep);
            map.panYProperty().set(map.getHeight() / 2 - y / minimapScale * keep);
        }
    }

    // --- side panel ------------------------------------------------------------------------------

    private Node sidePanel() {
        Label title = new Label();
        title.setId(ID_PANEL_TITLE);
        title.getStyleClass().add(Styles.SECTION_TITLE);
        title.setWrapText(true);
        title.textProperty().bind(vm.panelTitleProperty());
        Button close = new Button("", new FontIcon(MaterialDesignC.CLOSE));
        close.setTooltip(new Tooltip(m.get("map.panel.close")));
        close.setAccessibleText(m.get("map.panel.close"));
        close.setOnAction(e -> vm.closePanel());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(title, spacer, close);
        head.setAlignment(Pos.TOP_LEFT);

        GridPane figures = new GridPane();
        figures.setId(ID_PANEL_FIGURES);
        figures.getStyleClass().add("map-figures");
        vm.figures().addListener((javafx.collections.ListChangeListener<MapViewModel.Figure>) c -> {
            figures.getChildren().clear();
            int row = 0;
            for (MapViewModel.Figure f : vm.figures()) {
                Label k = new Label(f.label());
                k.getStyleClass().add(Styles.MUTED);
                Label v = new Label(f.value());
                v.getStyleClass().add(Styles.NUMERIC);
                v.setId("map-fig-" + row);
                figures.addRow(row++, k, v);
            }
        });

        VBox operations = listBox(ID_PANEL_OPERATIONS, vm.operations(), o -> wrapped(m.format("map.panel.operation",
                o.name(), Formats.integer(o.spans()), Formats.integer(o.errors()), Formats.duration(o.p95Ms()))));
        VBox errors = listBox(ID_PANEL_ERRORS, vm.errorMessages(), x -> wrapped(m.format("map.panel.error",
                x.message().isEmpty() ? m.get("map.panel.error.none") : x.message(), Formats.integer(x.count()))));
        VBox traces = listBox(ID_PANEL_TRACES, vm.traces(), t -> {
            Hyperlink link = new Hyperlink(m.format(t.failed() ? "map.panel.trace.failed" : "map.panel.trace",
                    t.traceId(), Formats.duration(t.durationMs())));
            link.getStyleClass().add("map-trace-link");
            link.setOnAction(e -> vm.openTrace(t.traceId()));
            return link;
        });
        Label chartTitle = new Label();
        chartTitle.setId(ID_PANEL_CHART_TITLE);
        chartTitle.getStyleClass().add(Styles.SECTION_TITLE);
        chartTitle.setWrapText(true);
        chartTitle.textProperty().bind(vm.seriesTitleProperty());
        TimeChartPane chart = new TimeChartPane(ID_PANEL_CHART);
        chart.getStyleClass().add("map-panel-chart");
        chart.setOnWindow(vm::selectWindow);
        chart.setMinHeight(300);
        chart.setPrefHeight(320);
        Tooltip.install(chart, new Tooltip(m.get("chart.drag.hint")));
        RedChart.follow(chart, vm.seriesProperty(), vm.seriesAnnotationsProperty(), vm.seriesTextProperty(), m);
        VBox chartBox = new VBox(chartTitle, chart);
        chartBox.getStyleClass().add("map-panel-section");
        chartBox.visibleProperty().bind(vm.seriesTitleProperty().isNotEmpty().or(vm.seriesTextProperty().isNotEmpty()));
        chartBox.managedProperty().bind(chartBox.visibleProperty());

        Label loading = new Label(m.get("map.panel.loading"));
        loading.getStyleClass().add(Styles.MUTED);
        loading.visibleProperty().bind(vm.detailLoadingProperty());
        loading.managedProperty().bind(loading.visibleProperty());

        VBox content = new VBox(head, figures, chartBox, section("map.panel.operations", operations),
                section("map.panel.errors", errors), section("map.panel.traces", traces), loading);
        content.getStyleClass().add("map-panel-content");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setId(ID_PANEL);
        scroll.getStyleClass().add("map-panel");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(360);
        scroll.setMinWidth(300);
        scroll.visibleProperty().bind(vm.panelOpenProperty());
        scroll.managedProperty().bind(vm.panelOpenProperty());
        return scroll;
    }

    /** A list of the side panel: one row per item, rebuilt whenever the items change. */
    private static <T> VBox listBox(String id, javafx.collections.ObservableList<T> items, Function<T, Node> row) {
        VBox box = new VBox();
        box.setId(id);
        box.getStyleClass().add("map-panel-list");
        items.addListener((javafx.collections.ListChangeListener<T>) c -> box.getChildren().setAll(
                items.stream().map(row).toList()));
        return box;
    }

    private static Label wrapped(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        return l;
    }

    private Node section(String key, VBox list) {
        Label title = new Label(m.get(key));
        title.getStyleClass().add(Styles.SECTION_TITLE);
        VBox box = new VBox(title, list);
        box.getStyleClass().add("map-panel-section");
        box.visibleProperty().bind(Bindings.isNotEmpty(list.getChildren()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /** For the view's own snapshot export check: the PNG of what is shown, headless. */
    BufferedImage renderPng() {
        return PngWriter.render(vm.picture(), vm.style(map.palette(), words));
    }
}
