package io.prodlab.ui.map;

import io.prodlab.graph.DependencyMap;
import io.prodlab.graph.DependencyMapService;
import io.prodlab.graph.DiffMapService;
import io.prodlab.graph.DotWriter;
import io.prodlab.graph.GraphAlgorithms;
import io.prodlab.graph.MapDetailService;
import io.prodlab.graph.MapJson;
import io.prodlab.graph.MapPicture;
import io.prodlab.graph.PictureSvgWriter;
import io.prodlab.graph.PngWriter;
import io.prodlab.model.Annotation;
import io.prodlab.model.RedSeries;
import io.prodlab.model.ServiceEdge;
import io.prodlab.query.FilterParser;
import io.prodlab.query.FilterSyntaxException;
import io.prodlab.store.AnnotationQuery;
import io.prodlab.store.MapDetailQuery;
import io.prodlab.ui.common.BackgroundTask;
import io.prodlab.ui.common.FieldCatalogCache;
import io.prodlab.ui.common.FilterCheck;
import io.prodlab.ui.common.Formats;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.TaskHandle;
import io.prodlab.ui.common.TaskRunner;
import io.prodlab.ui.common.TimeRange;
import io.prodlab.ui.common.TimeRangeModel;
import io.prodlab.ui.common.WorkspaceSession;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Map screen: the dependency map of the open workspace (or of the spans a filter keeps) over
 * the session's time range, or the diff map of two cohorts, laid out as a {@link MapPicture}; the
 * selection (a node or an edge) with its figures, its rate, errors and duration over the range, top
 * operations, error messages and sample traces; search,
 * focus on the neighbourhood of a node, keyboard moves between nodes by their place in the layout,
 * and the exports. Maps are built and laid out off the FX thread.
 */
public final class MapViewModel {
    /** A direction the arrow keys move the selection in. */
    public enum Direction { LEFT, RIGHT, UP, DOWN }

    /** One line of the side panel: what, and its value with its unit. */
    public record Figure(String label, String value) {
    }

    /** What an export writes. */
    public enum ExportFormat { PNG, SVG, DOT, JSON }

    private static final int DETAIL_LIMIT = 6;

    private final WorkspaceSession session;
    private final TaskRunner runner;
    private final Messages m;
    private final TimeRangeModel timeRange;

    private final FilterCheck filterCheck;
    private final StringProperty filter;
    private final StringProperty baselineFilter = new SimpleStringProperty(this, "baselineFilter", "");
    private final StringProperty candidateFilter = new SimpleStringProperty(this, "candidateFilter", "");
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final BooleanProperty diffMode = new SimpleBooleanProperty(this, "diffMode");
    private final BooleanProperty focusMode = new SimpleBooleanProperty(this, "focusMode");
    private final IntegerProperty hops = new SimpleIntegerProperty(this, "hops", 1);
    private final ObjectProperty<MapPicture.Colouring> colouring = new SimpleObjectProperty<>(this, "colouring",
            MapPicture.Colouring.ERROR_RATE);

    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper(this, "filterError", "");
    private final ReadOnlyStringWrapper diffError = new ReadOnlyStringWrapper(this, "diffError", "");
    private final ReadOnlyObjectWrapper<MapPicture> picture = new ReadOnlyObjectWrapper<>(this, "picture");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper(this, "emptyText", "");
    private final ReadOnlyStringWrapper selectedNode = new ReadOnlyStringWrapper(this, "selectedNode");
    private final ReadOnlyStringWrapper selectedEdge = new ReadOnlyStringWrapper(this, "selectedEdge");
    private final ReadOnlyBooleanWrapper panelOpen = new ReadOnlyBooleanWrapper(this, "panelOpen");
    private final ReadOnlyStringWrapper panelTitle = new ReadOnlyStringWrapper(this, "panelTitle", "");
    private final ReadOnlyBooleanWrapper detailLoading = new ReadOnlyBooleanWrapper(this, "detailLoading");
    private final ReadOnlyIntegerWrapper centreRequests = new ReadOnlyIntegerWrapper(this, "centreRequests");
    private final ReadOnlyObjectWrapper<RedSeries> series = new ReadOnlyObjectWrapper<>(this, "series");
    private final ReadOnlyObjectWrapper<List<Annotation>> seriesAnnotations = new ReadOnlyObjectWrapper<>(this,
            "seriesAnnotations", List.of());
    private final ReadOnlyStringWrapper seriesText = new ReadOnlyStringWrapper(this, "seriesText", "");
    private final ReadOnlyStringWrapper seriesTitle = new ReadOnlyStringWrapper(this, "seriesTitle", "");
    private final ObservableList<Figure> figures = FXCollections.observableArrayList();
    private final ObservableList<Figure> figuresView = FXCollections.unmodifiableObservableList(figures);
    private final ObservableList<MapDetailQuery.Operation> operations = FXCollections.observableArrayList();
    private final ObservableList<MapDetailQuery.Operation> operationsView = FXCollections.unmodifiableObservableList(operations);
    private final ObservableList<MapDetailQuery.ErrorMessage> errorMessages = FXCollections.observableArrayList();
    private final ObservableList<MapDetailQuery.ErrorMessage> errorMessagesView = FXCollections.unmodifiableObservableList(errorMessages);
    private final ObservableList<MapDetailQuery.SampleTrace> traces = FXCollections.observableArrayList();
    private final ObservableList<MapDetailQuery.SampleTrace> tracesView = FXCollections.unmodifiableObservableList(traces);
    private final ObservableList<String> highlighted = FXCollections.observableArrayList();
    private final ObservableList<String> highlightedView = FXCollections.unmodifiableObservableList(highlighted);

    /** The map as built (before focus), and the diff it came from in diff mode. */
    private DependencyMap built;
    private DiffMapService.DiffMap builtDiff;
    private GraphAlgorithms graph;
    private String focusAnchor;
    private String appliedFilter = "";
    private long appliedFrom = Long.MIN_VALUE;
    private long appliedTo = Long.MAX_VALUE;
    private long request;
    /** Focus layouts, apart from map builds: a focus change must not orphan a build's end. */
    private long layoutRequest;
    private long detailRequest;
    private TaskHandle running;
    private TaskHandle seriesTask;
    private Consumer<String> onOpenTrace = id -> { };

    public MapViewModel(WorkspaceSession session, TaskRunner runner, Messages messages, TimeRangeModel timeRange) {
        this.session = session;
        this.runner = runner;
        this.m = messages;
        this.timeRange = timeRange;
        this.filterCheck = new FilterCheck(session, runner, messages, new FieldCatalogCache())
                .countWithin(timeRange.rangeProperty());
        this.filter = filterCheck.textProperty();
        filter.addListener((obs, old, text) -> filterError.set(validateFilter(text)));
        // The session's range changed (on any screen): the map is built again for it.
        timeRange.rangeProperty().addListener((obs, old, range) -> refresh());
        baselineFilter.addListener((obs, old, text) -> diffError.set(validateDiff()));
        candidateFilter.addListener((obs, old, text) -> diffError.set(validateDiff()));
        search.addListener((obs, old, text) -> searchFor(text));
        focusMode.addListener((obs, old, on) -> {
            focusAnchor = on ? selectedNode.get() : null;
            relayout();
        });
        hops.addListener((obs, old, n) -> {
            if (focusMode.get()) {
                relayout();
            }
        });
        session.revisionProperty().addListener((obs, old, rev) -> refresh());
        updateTexts();
    }

    // --- validation ------------------------------------------------------------------------------

    /** The problem with a filter expression, or "" when it reads (blank keeps every span). */
    String validateFilter(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        try {
            FilterParser.parse(text);
            return "";
        } catch (FilterSyntaxException e) {
            return m.format("map.filter.invalid", e.getMessage());
        }
    }

    private String validateDiff() {
        if (!diffMode.get() && baselineFilter.get().isBlank() && candidateFilter.get().isBlank()) {
            return "";
        }
        String a = validateFilter(baselineFilter.get());
        String b = validateFilter(candidateFilter.get());
        return !a.isEmpty() ? m.get("map.diff.baseline") + ": " + a : !b.isEmpty() ? m.get("map.diff.candidate") + ": " + b
                : "";
    }

    // --- building --------------------------------------------------------------------------------

    /** Can {@link #refresh} run with the inputs as they are? */
    public boolean inputsValid() {
        return filterError.get().isEmpty()
                && (!diffMode.get() || (validateDiff().isEmpty() && !baselineFilter.get().isBlank()
                && !candidateFilter.get().isBlank()));
    }

    /** Builds the map (or the diff map) with the filter as it is over the session's range, off the FX thread. */
    public void refresh() {
        long mine = ++request;
        if (running != null) {
            running.cancel();
        }
        if (!session.isOpen()) {
            setPicture(null, null, null);
            updateTexts();
            return;
        }
        diffError.set(validateDiff());
        if (diffMode.get() && (baselineFilter.get().isBlank() || candidateFilter.get().isBlank())) {
            diffError.set(m.get("map.diff.both"));
        }
        if (!inputsValid()) {
            return;
        }
        String where = filter.get() == null ? "" : filter.get().strip();
        TimeRange range = timeRange.range();
        long fromNs = range.fromNs();
        long toNs = range.toNs();
        boolean diff = diffMode.get();
        String base = baselineFilter.get();
        String cand = candidateFilter.get();
        String baseName = m.get("map.diff.baseline");
        String candName = m.get("map.diff.candidate");
        loading.set(true);
        updateTexts();
        running = BackgroundTask.cancellable(token -> {
            if (diff) {
                DiffMapService.DiffMap d = new DiffMapService(session.workspace()).build(baseName, base, candName, cand,
                        where, fromNs, toNs);
                return new Built(null, d, token.isCancelled() ? null : MapPicture.of(d));
            }
            DependencyMap map = new DependencyMapService(session.workspace()).build(where, fromNs, toNs);
            return new Built(map, null, token.isCancelled() ? null : MapPicture.of(map));
        }).titled(m.get("map.task"))
                .onSuccess(b -> {
                    if (mine == request && b.picture() != null) {
                        appliedFilter = where;
                        appliedFrom = fromNs;
                        appliedTo = toNs;
                        setPicture(b.map() != null ? b.map() : b.picture().map(), b.diff(), b.picture());
                    }
                })
                .onError(FilterSyntaxException.class, e -> {
                    if (mine == request) {
                        filterError.set(m.format("map.filter.invalid", e.getMessage()));
                    }
                })
                .andFinally(() -> {
                    if (mine == request) {
                        loading.set(false);
                        updateTexts();
                    }
                })
                .executeWith(runner);
    }

    private record Built(DependencyMap map, DiffMapService.DiffMap diff, MapPicture picture) {
    }

    private void setPicture(DependencyMap map, DiffMapService.DiffMap diff, MapPicture full) {
        layoutRequest++; // a focus layout of the map before is of no use now
        built = map;
        builtDiff = diff;
        graph = map == null ? null : new GraphAlgorithms(map);
        String keepNode = selectedNode.get();
        String keepEdge = selectedEdge.get();
        if (focusMode.get() && focusAnchor != null && map != null && diff == null
                && map.nodes().stream().anyMatch(n -> n.id().equals(focusAnchor))) {
            relayout();
        } else {
            picture.set(full);
        }
        // Keep the selection when the new map still has it.
        MapPicture p = picture.get();
        if (p != null && keepNode != null && p.nodes().containsKey(keepNode)) {
            select(keepNode);
        } else if (p != null && keepEdge != null && p.edge(keepEdge) != null) {
            selectEdge(keepEdge);
        } else {
            clearSelection();
        }
        searchFor(search.get());
        updateTexts();
    }

    /** Lays out the focus neighbourhood (or the whole map again) off the FX thread. */
    private void relayout() {
        if (built == null || builtDiff != null) {
            return;
        }
        DependencyMap map = built;
        String anchor = focusMode.get() ? focusAnchor : null;
        int n = Math.max(0, hops.get());
        long mine = ++layoutRequest;
        if (anchor == null) {
            BackgroundTask.of(() -> MapPicture.of(map)).onSuccess(p -> {
                if (mine == layoutRequest) {
                    picture.set(p);
                    updateTexts();
                }
            }).executeWith(runner);
            return;
        }
        GraphAlgorithms g = graph;
        BackgroundTask.of(() -> MapPicture.of(g.neighbourhood(anchor, n))).onSuccess(p -> {
            if (mine == layoutRequest) {
                picture.set(p);
                if (selectedNode.get() != null && !p.nodes().containsKey(selectedNode.get())
                        || selectedEdge.get() != null && p.edge(selectedEdge.get()) == null) {
                    clearSelection();
                }
                searchFor(search.get());
                updateTexts();
                centreRequests.set(centreRequests.get() + 1);
            }
        }).executeWith(runner);
    }

    private void updateTexts() {
        MapPicture p = picture.get();
        if (p == null || p.nodes().isEmpty()) {
            summary.set("");
        } else if (p.isDiff()) {
            summary.set(m.format("map.summary.diff", p.nodes().size(), p.edges().size()));
        } else if (focusMode.get() && focusAnchor != null && built != null) {
            summary.set(m.format("map.summary.focus", p.nodes().size(), built.nodes().size(), focusAnchor, hops.get()));
        } else {
            summary.set(m.format("map.summary", p.nodes().size(), p.edges().size(),
                    new GraphAlgorithms(p.map()).cycles().size()));
        }
        if (loading.get()) {
            emptyText.set(m.get("map.loading"));
        } else if (!session.isOpen()) {
            emptyText.set(m.get("map.empty.no-workspace"));
        } else if (p == null || p.nodes().isEmpty()) {
            emptyText.set(appliedFilter.isEmpty() && appliedFrom == Long.MIN_VALUE && appliedTo == Long.MAX_VALUE
                    ? m.get("map.empty") : m.get("map.empty.filtered"));
        } else {
            emptyText.set("");
        }
    }

    // --- selection -------------------------------------------------------------------------------

    /** Selects a node of the current picture (unknown ids clear the selection). */
    public void select(String nodeId) {
        MapPicture p = picture.get();
        if (p == null || nodeId == null || !p.nodes().containsKey(nodeId)) {
            clearSelection();
            return;
        }
        selectedEdge.set(null);
        selectedNode.set(nodeId);
        fillPanel();
    }

    /** Selects an edge by its {@link MapPicture#edgeKey}. */
    public void selectEdge(String key) {
        MapPicture p = picture.get();
        if (p == null || key == null || p.edge(key) == null) {
            clearSelection();
            return;
        }
        selectedNode.set(null);
        selectedEdge.set(key);
        fillPanel();
    }

    /** Esc: nothing selected, the side panel closed. */
    public void clearSelection() {
        selectedNode.set(null);
        selectedEdge.set(null);
        panelOpen.set(false);
        detailRequest++;
        figures.clear();
        operations.clear();
        errorMessages.clear();
        traces.clear();
        panelTitle.set("");
        detailLoading.set(false);
        stopSeries();
        seriesTitle.set("");
        seriesText.set("");
    }

    /** Enter (or a click): opens the side panel on the selection. */
    public void openPanel() {
        if (selectedNode.get() != null || selectedEdge.get() != null) {
            panelOpen.set(true);
        }
    }

    public void closePanel() {
        panelOpen.set(false);
    }

    /** A click on a node or edge selects it and opens the panel. */
    public void click(String nodeId, String edgeKey) {
        if (nodeId != null) {
            select(nodeId);
        } else if (edgeKey != null) {
            selectEdge(edgeKey);
        } else {
            clearSelection();
            return;
        }
        openPanel();
    }

    /** Moves the selection to the nearest node in a direction of the layout (or the first node). */
    public void move(Direction d) {
        MapPicture p = picture.get();
        if (p == null || p.nodes().isEmpty()) {
            return;
        }
        MapPicture.DrawnNode from = selectedNode.get() == null ? null : p.nodes().get(selectedNode.get());
        if (from == null) {
            select(readingOrder(p).get(0).node().id());
            centreRequests.set(centreRequests.get() + 1);
            return;
        }
        MapPicture.DrawnNode best = null;
        double bestScore = Double.MAX_VALUE;
        for (MapPicture.DrawnNode n : p.nodes().values()) {
            double dx = n.centreX() - from.centreX();
            double dy = n.centreY() - from.centreY();
            double along = switch (d) {
                case LEFT -> -dx;
                case RIGHT -> dx;
                case UP -> -dy;
                case DOWN -> dy;
            };
            double across = d == Direction.LEFT || d == Direction.RIGHT ? Math.abs(dy) : Math.abs(dx);
            if (along <= 1) {
                continue;
            }
            // Straight ahead first: a node a little further but in line beats one far off to the side.
            double score = along + 3 * across;
            if (score < bestScore) {
                bestScore = score;
                best = n;
            }
        }
        if (best != null) {
            select(best.node().id());
            centreRequests.set(centreRequests.get() + 1);
        }
    }

    /** Tab and Shift+Tab: the next (previous) node in reading order — by layer, then top to bottom. */
    public void next(boolean backwards) {
        MapPicture p = picture.get();
        if (p == null || p.nodes().isEmpty()) {
            return;
        }
        List<MapPicture.DrawnNode> order = readingOrder(p);
        int at = -1;
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).node().id().equals(selectedNode.get())) {
                at = i;
            }
        }
        int n = order.size();
        int next = at < 0 ? (backwards ? n - 1 : 0) : Math.floorMod(at + (backwards ? -1 : 1), n);
        select(order.get(next).node().id());
        centreRequests.set(centreRequests.get() + 1);
    }

    private static List<MapPicture.DrawnNode> readingOrder(MapPicture p) {
        List<MapPicture.DrawnNode> order = new ArrayList<>(p.nodes().values());
        order.sort(Comparator.comparingInt((MapPicture.DrawnNode n) -> n.box().layer())
                .thenComparingDouble(MapPicture.DrawnNode::centreY));
        return order;
    }

    // --- search ----------------------------------------------------------------------------------

    /**
     * Highlights every node whose id contains the text (ignoring case) and selects and centres the
     * best: the one named exactly, else the first that starts with it, else the first that has it.
     */
    private void searchFor(String text) {
        MapPicture p = picture.get();
        String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (p == null || needle.isEmpty()) {
            highlighted.clear();
            return;
        }
        List<String> hits = p.nodes().keySet().stream().filter(id -> id.toLowerCase(Locale.ROOT).contains(needle))
                .toList();
        highlighted.setAll(hits);
        if (hits.isEmpty()) {
            return;
        }
        String best = hits.stream().filter(id -> id.equalsIgnoreCase(needle)).findFirst()
                .or(() -> hits.stream().filter(id -> id.toLowerCase(Locale.ROOT).startsWith(needle)).findFirst())
                .orElse(hits.get(0));
        select(best);
        centreRequests.set(centreRequests.get() + 1);
    }

    /** What the search says: how many nodes match, or that none does. */
    public String searchStatus() {
        String needle = search.get() == null ? "" : search.get().strip();
        if (needle.isEmpty() || picture.get() == null) {
            return "";
        }
        return highlighted.isEmpty() ? m.format("map.search.none", needle) : m.format("map.search.hits", highlighted.size());
    }

    // --- the side panel --------------------------------------------------------------------------

    private void fillPanel() {
        MapPicture p = picture.get();
        figures.clear();
        operations.clear();
        errorMessages.clear();
        traces.clear();
        long mine = ++detailRequest;
        String where = appliedFilter;
        long fromNs = appliedFrom;
        long toNs = appliedTo;
        stopSeries();
        seriesTitle.set("");
        seriesText.set(p.isDiff() ? m.get("map.series.diff") : "");
        if (selectedNode.get() != null) {
            MapPicture.DrawnNode n = p.nodes().get(selectedNode.get());
            panelTitle.set(n.node().id());
            figures.setAll(nodeFigures(n));
            if (p.isDiff()) {
                return;
            }
            DependencyMap.Node node = n.node();
            loadSeries(node.id(), d -> d.nodeSeries(node, where, fromNs, toNs),
                    node.kind() == DependencyMap.Kind.SERVICE ? "map.series.service" : "map.series.into");
            detailLoading.set(true);
            BackgroundTask.of(() -> new MapDetailService(session.workspace()).node(node, where, fromNs, toNs,
                            DETAIL_LIMIT))
                    .onSuccess(d -> showDetail(mine, d))
                    .andFinally(() -> endDetail(mine))
                    .executeWith(runner);
        } else {
            MapPicture.DrawnEdge e = p.edge(selectedEdge.get());
            panelTitle.set(e.key());
            figures.setAll(edgeFigures(e));
            if (p.isDiff()) {
                return;
            }
            ServiceEdge edge = e.edge();
            loadSeries(e.key(), d -> d.edgeSeries(edge, where, fromNs, toNs), "map.series.edge");
            detailLoading.set(true);
            BackgroundTask.of(() -> new MapDetailService(session.workspace()).edge(edge, where, fromNs, toNs,
                            DETAIL_LIMIT))
                    .onSuccess(d -> showDetail(mine, d))
                    .andFinally(() -> endDetail(mine))
                    .executeWith(runner);
        }
    }

    /** One RED series of the map's details, as the selection asks for it. */
    @FunctionalInterface
    private interface SeriesOf {
        RedSeries load(MapDetailService details) throws Exception;
    }

    /**
     * Loads the selection's rate, errors and duration over the map's range under its filter, and the
     * annotations to shade, off the FX thread; a new selection cancels it while it waits for the worker.
     */
    private void loadSeries(String what, SeriesOf of, String titleKey) {
        long mine = detailRequest;
        seriesTitle.set(m.format(titleKey, what));
        seriesText.set(m.get("map.series.loading"));
        seriesTask = BackgroundTask.cancellable(token -> {
                    RedSeries s = of.load(new MapDetailService(session.workspace()));
                    List<Annotation> a = s.buckets().isEmpty() ? List.of()
                            : new AnnotationQuery(session.workspace()).overlapping(s.fromNs(), s.toNs());
                    return new Series(s, a);
                })
                .titled(m.format("map.series.task", what))
                .onSuccess(r -> {
                    if (mine == detailRequest) {
                        seriesAnnotations.set(r.annotations());
                        series.set(r.series());
                        seriesText.set(r.series().isEmpty() ? m.format("map.series.empty", what) : "");
                    }
                })
                .whenFailed(e -> {
                    if (mine == detailRequest) {
                        seriesText.set(m.get("map.series.failed"));
                    }
                })
                .executeWith(runner);
    }

    private record Series(RedSeries series, List<Annotation> annotations) {
    }

    private void stopSeries() {
        TaskHandle h = seriesTask;
        seriesTask = null;
        if (h != null && h.isRunning()) {
            h.cancel();
        }
        series.set(null);
        seriesAnnotations.set(List.of());
    }

    private void showDetail(long mine, MapDetailQuery.Detail d) {
        if (mine == detailRequest) {
            operations.setAll(d.operations());
            errorMessages.setAll(d.errors());
            traces.setAll(d.traces());
        }
    }

    private void endDetail(long mine) {
        if (mine == detailRequest) {
            detailLoading.set(false);
        }
    }

    List<Figure> nodeFigures(MapPicture.DrawnNode dn) {
        DependencyMap.Node n = dn.node();
        List<Figure> out = new ArrayList<>();
        out.add(new Figure(m.get("map.fig.kind"), m.get("map.kind." + n.kind().code())));
        if (builtDiff != null) {
            DiffMapService.NodeDiff d = builtDiff.nodes().stream().filter(x -> x.id().equals(n.id())).findFirst()
                    .orElseThrow();
            out.add(new Figure(m.get("map.fig.change"), m.get("map.change." + d.change().name().toLowerCase(Locale.ROOT))));
            out.add(new Figure(m.get("map.fig.requests.baseline"), d.baseline() == null ? Formats.NO_VALUE
                    : Formats.integer(d.baseline().requests())));
            out.add(new Figure(m.get("map.fig.requests.candidate"), d.candidate() == null ? Formats.NO_VALUE
                    : Formats.integer(d.candidate().requests())));
            out.add(new Figure(m.get("map.fig.error-rate.baseline"), d.baseline() == null ? Formats.NO_VALUE
                    : Formats.percent(d.baseline().errorRate(), 2) + " %"));
            out.add(new Figure(m.get("map.fig.error-rate.candidate"), d.candidate() == null ? Formats.NO_VALUE
                    : Formats.percent(d.candidate().errorRate(), 2) + " %"));
            return out;
        }
        out.add(new Figure(m.get("map.fig.requests"), Formats.integer(n.requests())));
        out.add(new Figure(m.get("map.fig.spans"), Formats.integer(n.spans())));
        out.add(new Figure(m.get("map.fig.errors"), Formats.integer(n.errors())));
        out.add(new Figure(m.get("map.fig.error-rate"), percent(n.errorRate())));
        out.add(new Figure(m.get("map.fig.p50"), Formats.duration(n.p50Ms())));
        out.add(new Figure(m.get("map.fig.p95"), Formats.duration(n.p95Ms())));
        out.add(new Figure(m.get("map.fig.p99"), Formats.duration(n.p99Ms())));
        if (graph != null) {
            out.add(new Figure(m.get("map.fig.fan-in"), Formats.integer(graph.fanIn(n.id()))));
            out.add(new Figure(m.get("map.fig.fan-out"), Formats.integer(graph.fanOut(n.id()))));
        }
        if (dn.onCycle()) {
            out.add(new Figure(m.get("map.fig.cycle"), m.get("map.fig.cycle.yes")));
        }
        return out;
    }

    List<Figure> edgeFigures(MapPicture.DrawnEdge de) {
        ServiceEdge e = de.edge();
        List<Figure> out = new ArrayList<>();
        if (builtDiff != null) {
            DiffMapService.EdgeDiff d = builtDiff.edges().stream()
                    .filter(x -> x.source().equals(e.source()) && x.target().equals(e.target())).findFirst().orElseThrow();
            out.add(new Figure(m.get("map.fig.change"), m.get("map.change." + d.change().name().toLowerCase(Locale.ROOT))));
            out.add(new Figure(m.get("map.fig.calls.baseline"), d.baseline() == null ? Formats.NO_VALUE
                    : Formats.integer(d.baseline().calls())));
            out.add(new Figure(m.get("map.fig.calls.candidate"), d.candidate() == null ? Formats.NO_VALUE
                    : Formats.integer(d.candidate().calls())));
            if (d.errors() != null) {
                out.add(new Figure(m.get("map.fig.error-rate.diff"), Formats.decimal(100 * (d.candidate().errorRate()
                        - d.baseline().errorRate()), 2) + " pp"));
                out.add(new Figure(m.get("map.fig.error-rate.p"), Formats.small(d.errorsPAdjusted(), 4)));
            }
            if (d.latency() != null && d.latency().isOk()) {
                var mw = d.latency().value();
                out.add(new Figure(m.get("map.fig.latency.shift"), m.format("map.fig.latency.shift.value",
                        Formats.decimal(mw.hodgesLehmann(), 2), Formats.decimal(mw.ciLow(), 2),
                        Formats.decimal(mw.ciHigh(), 2))));
                out.add(new Figure(m.get("map.fig.latency.p"), Formats.small(d.latencyPAdjusted(), 4)));
            }
            return out;
        }
        out.add(new Figure(m.get("map.fig.calls"), Formats.integer(e.calls())));
        out.add(new Figure(m.get("map.fig.errors"), Formats.integer(e.errors())));
        out.add(new Figure(m.get("map.fig.error-rate"), percent(e.errorRate())));
        out.add(new Figure(m.get("map.fig.p50"), Formats.duration(e.p50Ms())));
        out.add(new Figure(m.get("map.fig.p95"), Formats.duration(e.p95Ms())));
        out.add(new Figure(m.get("map.fig.p99"), Formats.duration(e.p99Ms())));
        out.add(new Figure(m.get("map.fig.rate"), Formats.small(e.ratePerS(), 2) + " /s"));
        if (de.reversed()) {
            out.add(new Figure(m.get("map.fig.cycle"), m.get("map.fig.against-flow")));
        }
        return out;
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? Formats.NO_VALUE : Formats.percent(fraction, 2) + " %";
    }

    /** The hover text of a node or an edge of the current picture: its id and figures, one a line. */
    public String tooltip(String nodeId, String edgeKey) {
        MapPicture p = picture.get();
        if (p == null) {
            return "";
        }
        List<Figure> f;
        String title;
        if (nodeId != null && p.nodes().containsKey(nodeId)) {
            title = nodeId;
            f = nodeFigures(p.nodes().get(nodeId));
        } else if (edgeKey != null && p.edge(edgeKey) != null) {
            title = edgeKey;
            f = edgeFigures(p.edge(edgeKey));
        } else {
            return "";
        }
        StringBuilder sb = new StringBuilder(title);
        f.forEach(x -> sb.append('\n').append(x.label()).append(": ").append(x.value()));
        return sb.toString();
    }

    /** The panel's "open trace" action: hands the id to whoever listens (the trace view, later). */
    public void openTrace(String traceId) {
        onOpenTrace.accept(Objects.requireNonNull(traceId));
    }

    /** Who opens a trace when the side panel asks for one. */
    public void setOnOpenTrace(Consumer<String> handler) {
        onOpenTrace = Objects.requireNonNull(handler);
    }

    // --- export ----------------------------------------------------------------------------------

    /**
     * Writes the current map (as drawn, in the given palette and words) to {@code file}; the status
     * bar says where it went.
     */
    public void export(ExportFormat format, Path file, MapPicture.Palette palette, Function<String, String> words,
                       Consumer<String> done) {
        MapPicture p = picture.get();
        if (p == null) {
            return;
        }
        MapPicture.Style style = style(palette, words);
        DiffMapService.DiffMap diff = builtDiff;
        BackgroundTask.of(() -> {
            switch (format) {
                case PNG -> PngWriter.write(p, style, file);
                case SVG -> PictureSvgWriter.write(p, style, file);
                case DOT -> Files.writeString(file, diff != null ? DotWriter.write(diff) : DotWriter.write(p.map()));
                case JSON -> new com.fasterxml.jackson.databind.ObjectMapper()
                        .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValue(file.toFile(), MapJson.document(p.map()));
            }
            return file;
        }).titled(m.get("map.export.task")).onSuccess(f -> done.accept(m.format("map.export.done", f))).executeWith(runner);
    }

    /** The style the picture is drawn in now. */
    public MapPicture.Style style(MapPicture.Palette palette, Function<String, String> words) {
        return new MapPicture.Style(palette, colouring.get(), selectedNode.get(), selectedEdge.get(),
                Set.copyOf(new LinkedHashSet<>(highlighted)), null, 1, words);
    }

    // --- properties ------------------------------------------------------------------------------

    public StringProperty filterProperty() {
        return filter;
    }

    /** The map filter's check (the filter field shows its error with the column, or the matching spans). */
    public FilterCheck filterCheck() {
        return filterCheck;
    }

    /** The session's time range, which the map is built over (the screen's picker binds to it). */
    public TimeRangeModel timeRange() {
        return timeRange;
    }

    /** Sets the session's range to a window dragged on the side panel's chart. */
    public void selectWindow(long fromNs, long toNs) {
        timeRange.select(fromNs, toNs);
    }

    public StringProperty baselineFilterProperty() {
        return baselineFilter;
    }

    public StringProperty candidateFilterProperty() {
        return candidateFilter;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public BooleanProperty diffModeProperty() {
        return diffMode;
    }

    public BooleanProperty focusModeProperty() {
        return focusMode;
    }

    public IntegerProperty hopsProperty() {
        return hops;
    }

    public ObjectProperty<MapPicture.Colouring> colouringProperty() {
        return colouring;
    }

    public ReadOnlyStringProperty filterErrorProperty() {
        return filterError.getReadOnlyProperty();
    }

    /** The selection's rate, errors and duration over the session's range; null while none is loaded. */
    public ReadOnlyObjectProperty<RedSeries> seriesProperty() {
        return series.getReadOnlyProperty();
    }

    /** The annotations (fault windows, deploys) that overlap the series' range, to shade on its chart. */
    public ReadOnlyObjectProperty<List<Annotation>> seriesAnnotationsProperty() {
        return seriesAnnotations.getReadOnlyProperty();
    }

    /** What the chart shows instead of a series ("Loading…", "No requests…"); empty when it shows one. */
    public ReadOnlyStringProperty seriesTextProperty() {
        return seriesText.getReadOnlyProperty();
    }

    /** What the series is of ("payment — requests over time", "frontend → payment — calls over time"). */
    public ReadOnlyStringProperty seriesTitleProperty() {
        return seriesTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty diffErrorProperty() {
        return diffError.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<MapPicture> pictureProperty() {
        return picture.getReadOnlyProperty();
    }

    public MapPicture picture() {
        return picture.get();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty selectedNodeProperty() {
        return selectedNode.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty selectedEdgeProperty() {
        return selectedEdge.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty panelOpenProperty() {
        return panelOpen.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty panelTitleProperty() {
        return panelTitle.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty detailLoadingProperty() {
        return detailLoading.getReadOnlyProperty();
    }

    /** Counts up whenever the view should centre the selection (search, keyboard moves, focus). */
    public ReadOnlyIntegerProperty centreRequestsProperty() {
        return centreRequests.getReadOnlyProperty();
    }

    public ObservableList<Figure> figures() {
        return figuresView;
    }

    public ObservableList<MapDetailQuery.Operation> operations() {
        return operationsView;
    }

    public ObservableList<MapDetailQuery.ErrorMessage> errorMessages() {
        return errorMessagesView;
    }

    public ObservableList<MapDetailQuery.SampleTrace> traces() {
        return tracesView;
    }

    /** The search matches. */
    public ObservableList<String> highlighted() {
        return highlightedView;
    }

    /** The map as built, before focus (null until one is). */
    public DependencyMap builtMap() {
        return built;
    }
}
