package io.prodlab.ui.map;

import io.prodlab.graph.MapPicture;
import javafx.animation.AnimationTimer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.css.CssMetaData;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.css.Styleable;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.jfree.fx.FXGraphics2D;

import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Draws a {@link MapPicture} on a canvas through FXGraphics2D — the same Java2D drawing as the PNG
 * and SVG exports — under a zoom and pan transform: screen = world × scale + translate. A canvas,
 * not a node per box and curve: a 1,000-node map is one node in the scene, drawing culls what is
 * out of view, and repaints are coalesced to one per frame. Its colours are CSS tokens
 * ({@code -map-*} on {@code .map-canvas}, set from the {@code -pl-map-*} tokens), so the light and dark themes set them.
 */
public final class MapCanvas extends Region {
    public static final double MIN_SCALE = 0.05;
    public static final double MAX_SCALE = 4;

    private static final StyleablePropertyFactory<MapCanvas> CSS = new StyleablePropertyFactory<>(
            Region.getClassCssMetaData());
    /** The palette's colours as CSS properties, in {@link MapPicture.Palette}'s order. */
    private static final String[] COLOURS = {"bg", "text", "muted", "node-stroke", "edge-ok", "edge-warn", "edge-bad",
            "selection", "highlight", "added", "removed", "changed", "label-bg", "service", "database", "cache",
            "messaging", "external"};

    private final Canvas canvas = new Canvas();
    private final FXGraphics2D g2 = new FXGraphics2D(canvas.getGraphicsContext2D());
    private final List<StyleableProperty<Color>> colours = new ArrayList<>();
    private final DoubleProperty scale = new SimpleDoubleProperty(this, "scale", 1);
    private final DoubleProperty translateXWorld = new SimpleDoubleProperty(this, "panX");
    private final DoubleProperty translateYWorld = new SimpleDoubleProperty(this, "panY");
    private final ObjectProperty<MapPicture> picture = new SimpleObjectProperty<>(this, "picture");
    private final ObjectProperty<MapPicture.Style> style = new SimpleObjectProperty<>(this, "style");
    private boolean dirty;
    private long paints;
    private long paintNanos;
    private final AnimationTimer painter = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (dirty) {
                dirty = false;
                paintNow();
            }
            stop();
        }
    };

    public MapCanvas() {
        getStyleClass().add("map-canvas");
        getChildren().add(canvas);
        MapPicture.Palette light = MapPicture.Palette.light();
        List<java.awt.Color> defaults = paletteColours(light);
        for (int i = 0; i < COLOURS.length; i++) {
            int index = i;
            java.awt.Color d = defaults.get(i);
            StyleableProperty<Color> p = CSS.createStyleableColorProperty(this, "map" + i, "-map-" + COLOURS[i],
                    c -> c.colours.get(index), Color.rgb(d.getRed(), d.getGreen(), d.getBlue(), d.getAlpha() / 255.0));
            colours.add(p);
            ((javafx.beans.value.ObservableValue<?>) p).addListener((obs, o, n) -> requestPaint());
        }
        scale.addListener((obs, o, n) -> requestPaint());
        translateXWorld.addListener((obs, o, n) -> requestPaint());
        translateYWorld.addListener((obs, o, n) -> requestPaint());
        picture.addListener((obs, o, n) -> requestPaint());
        style.addListener((obs, o, n) -> requestPaint());
        setFocusTraversable(true);
        setMinSize(0, 0);
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS.getCssMetaData();
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            requestPaint();
        }
    }

    /** The palette the CSS gives (light defaults until the stylesheet is applied). */
    public MapPicture.Palette palette() {
        List<java.awt.Color> c = new ArrayList<>();
        for (StyleableProperty<Color> p : colours) {
            Color x = p.getValue();
            c.add(new java.awt.Color((float) x.getRed(), (float) x.getGreen(), (float) x.getBlue(), (float) x.getOpacity()));
        }
        return new MapPicture.Palette(c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5), c.get(6), c.get(7),
                c.get(8), c.get(9), c.get(10), c.get(11), c.get(12), c.subList(13, 18));
    }

    private static List<java.awt.Color> paletteColours(MapPicture.Palette p) {
        List<java.awt.Color> c = new ArrayList<>(List.of(p.background(), p.text(), p.muted(), p.nodeStroke(), p.edgeOk(),
                p.edgeWarn(), p.edgeBad(), p.selection(), p.highlight(), p.added(), p.removed(), p.changed(),
                p.labelBackground()));
        c.addAll(p.kindFills());
        return c;
    }

    // --- the transform ---------------------------------------------------------------------------

    public DoubleProperty scaleProperty() {
        return scale;
    }

    /** Screen x of world x = 0. */
    public DoubleProperty panXProperty() {
        return translateXWorld;
    }

    public DoubleProperty panYProperty() {
        return translateYWorld;
    }

    public ObjectProperty<MapPicture> pictureProperty() {
        return picture;
    }

    /** What to draw besides the picture: colouring, selection, highlights (palette and scale are set here). */
    public ObjectProperty<MapPicture.Style> drawStyleProperty() {
        return style;
    }

    public Point2D toWorld(double sx, double sy) {
        return new Point2D((sx - translateXWorld.get()) / scale.get(), (sy - translateYWorld.get()) / scale.get());
    }

    public Point2D toScreen(double wx, double wy) {
        return new Point2D(wx * scale.get() + translateXWorld.get(), wy * scale.get() + translateYWorld.get());
    }

    /** Zooms by {@code factor} keeping the world point under (sx, sy) where it is. */
    public void zoomAt(double factor, double sx, double sy) {
        double s = clamp(scale.get() * factor);
        Point2D w = toWorld(sx, sy);
        scale.set(s);
        translateXWorld.set(sx - w.getX() * s);
        translateYWorld.set(sy - w.getY() * s);
    }

    /** Zooms about the middle of the view. */
    public void zoom(double factor) {
        zoomAt(factor, getWidth() / 2, getHeight() / 2);
    }

    public void panBy(double dx, double dy) {
        translateXWorld.set(translateXWorld.get() + dx);
        translateYWorld.set(translateYWorld.get() + dy);
    }

    /** Shows the whole picture, as large as fits (not beyond 1:1.5). */
    public void fit() {
        MapPicture p = picture.get();
        if (p == null || getWidth() <= 0 || getHeight() <= 0) {
            return;
        }
        double s = clamp(Math.min(1.5, Math.min(getWidth() / p.width(), getHeight() / p.height()) * 0.96));
        scale.set(s);
        translateXWorld.set((getWidth() - p.width() * s) / 2);
        translateYWorld.set((getHeight() - p.height() * s) / 2);
    }

    /** Puts the world point in the middle of the view, at a readable scale. */
    public void centreOn(double wx, double wy) {
        if (scale.get() < 0.7) {
            scale.set(1);
        }
        translateXWorld.set(getWidth() / 2 - wx * scale.get());
        translateYWorld.set(getHeight() / 2 - wy * scale.get());
    }

    /** The part of the world in view. */
    public Rectangle2D visibleWorld() {
        Point2D a = toWorld(0, 0);
        Point2D b = toWorld(getWidth(), getHeight());
        return new Rectangle2D.Double(a.getX(), a.getY(), b.getX() - a.getX(), b.getY() - a.getY());
    }

    private static double clamp(double s) {
        return Math.max(MIN_SCALE, Math.min(MAX_SCALE, s));
    }

    // --- painting --------------------------------------------------------------------------------

    /** Asks for a repaint on the next frame; several asks in one frame paint once. */
    public void requestPaint() {
        dirty = true;
        painter.start();
    }

    /** How many times it painted, and the time spent drawing (ns), for the benchmark. */
    public long paints() {
        return paints;
    }

    public long paintNanos() {
        return paintNanos;
    }

    /** Paints now (the benchmark and snapshots call it; otherwise once per frame when asked). */
    public void paintNow() {
        long t0 = System.nanoTime();
        MapPicture.Palette palette = palette();
        javafx.scene.canvas.GraphicsContext gc = canvas.getGraphicsContext2D();
        gc.setTransform(1, 0, 0, 1, 0, 0);
        gc.setFill(colours.get(0).getValue());
        gc.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        MapPicture p = picture.get();
        MapPicture.Style given = style.get();
        if (p != null && given != null) {
            MapPicture.Style s = new MapPicture.Style(palette, given.colouring(), given.selectedNode(),
                    given.selectedEdge(), given.highlighted(), visibleWorld(), scale.get(), given.words());
            if (rasterLargeMaps && p.nodes().size() + p.edges().size() > CACHE_ABOVE_ITEMS) {
                paintCached(gc, p, s);
            } else {
                g2.setTransform(new AffineTransform(scale.get(), 0, 0, scale.get(), translateXWorld.get(),
                        translateYWorld.get()));
                p.paint(g2, s);
            }
            g2.setTransform(new AffineTransform());
            double[] size = p.legendSize(s);
            p.paintLegend(g2, s, 10, canvas.getHeight() - size[1] - 10);
        }
        paints++;
        paintNanos += System.nanoTime() - t0;
    }

    // --- the raster cache of large maps ------------------------------------------------------------

    /**
     * Maps with more nodes and edges than this are drawn from a raster while they move: drawn once
     * (Java2D into an image twice the view's size around it), then panned and zoomed as one image;
     * drawn afresh once the view has been still for {@link #SETTLE}, or at once when the picture or
     * its style changes. A frame then costs one image, whatever the size of the map.
     */
    static final int CACHE_ABOVE_ITEMS = 600;
    /** Off only for the benchmark's baseline: every frame draws the map itself. */
    boolean rasterLargeMaps = true;
    private static final javafx.util.Duration SETTLE = javafx.util.Duration.millis(250);
    private javafx.scene.image.Image cache;
    private MapPicture cachePicture;
    private MapPicture.Style cacheStyle;
    private double cacheScale;
    private double cacheX;
    private double cacheY;
    private long cacheRenders;
    private long cacheNanos;
    private final javafx.animation.PauseTransition settle = new javafx.animation.PauseTransition(SETTLE);

    {
        settle.setOnFinished(e -> {
            cache = null;
            requestPaint();
        });
    }

    private void paintCached(javafx.scene.canvas.GraphicsContext gc, MapPicture p, MapPicture.Style s) {
        MapPicture.Style given = style.get();
        boolean stale = cache == null || cachePicture != p || cacheStyle != given || cacheScale <= 0;
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (!stale) {
            // Still right where it is? Then only a new view (or scale) waits for the view to settle.
            Rectangle2D v = visibleWorld();
            boolean inside = v.getMinX() >= cacheX && v.getMinY() >= cacheY
                    && v.getMaxX() <= cacheX + cache.getWidth() / cacheScale
                    && v.getMaxY() <= cacheY + cache.getHeight() / cacheScale;
            if (Math.abs(scale.get() - cacheScale) > 1e-9 || !inside) {
                settle.playFromStart();
            }
        } else {
            renderCache(p, s, w, h);
            cachePicture = p;
            cacheStyle = given;
        }
        double k = scale.get() / cacheScale;
        gc.setImageSmoothing(true);
        gc.drawImage(cache, cacheX * scale.get() + translateXWorld.get(), cacheY * scale.get() + translateYWorld.get(),
                cache.getWidth() * k, cache.getHeight() * k);
    }

    private void renderCache(MapPicture p, MapPicture.Style s, double w, double h) {
        long t0 = System.nanoTime();
        double sc = scale.get();
        int iw = (int) Math.max(1, Math.ceil(2 * w));
        int ih = (int) Math.max(1, Math.ceil(2 * h));
        Point2D origin = toWorld(-w / 2, -h / 2);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(iw, ih,
                java.awt.image.BufferedImage.TYPE_INT_ARGB_PRE);
        java.awt.Graphics2D g = img.createGraphics();
        try {
            g.setTransform(new AffineTransform(sc, 0, 0, sc, -origin.getX() * sc, -origin.getY() * sc));
            p.paint(g, new MapPicture.Style(s.palette(), s.colouring(), s.selectedNode(), s.selectedEdge(),
                    s.highlighted(), new Rectangle2D.Double(origin.getX(), origin.getY(), iw / sc, ih / sc), sc,
                    s.words()));
        } finally {
            g.dispose();
        }
        cache = javafx.embed.swing.SwingFXUtils.toFXImage(img, null);
        cacheScale = sc;
        cacheX = origin.getX();
        cacheY = origin.getY();
        cacheRenders++;
        cacheNanos += System.nanoTime() - t0;
    }

    /** How often the raster of a large map was drawn afresh, and the time it took (ns), for the benchmark. */
    public long cacheRenders() {
        return cacheRenders;
    }

    public long cacheNanos() {
        return cacheNanos;
    }

    /** The words of the picture from the screen's messages. */
    static Function<String, String> words(io.prodlab.ui.common.Messages m) {
        return key -> m.has("map.picture." + key) ? m.get("map.picture." + key) : MapPicture.ENGLISH.get(key);
    }
}
