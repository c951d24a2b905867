package io.prodlab.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A layered left-to-right layout of a directed graph (Sugiyama's scheme, kept small): cycles are
 * broken by reversing the edges a depth-first search finds going back; nodes are put in layers by
 * their longest path from a source, so callers sit left of callees; edges that span several layers
 * get a bend point per layer; the order within each layer is improved by barycenter sweeps (down and
 * up, keeping the order with the fewest crossings); then each layer is centred vertically.
 *
 * <p>Pure computation on ids and sizes: the SVG/PNG writers and the desktop map draw from it.
 */
public final class LayeredLayout {
    /** Where a node goes: its top-left corner and size. */
    public record Box(String id, double x, double y, double width, double height, int layer) {
    }

    /** An edge's route: from the source's right side through bend points to the target's left side. */
    public record Route(String source, String target, List<double[]> points, boolean reversed) {
    }

    public record Result(Map<String, Box> boxes, List<Route> routes, double width, double height, int crossings) {
    }

    /** Spacing: between layers, between nodes of a layer, and around the drawing. */
    public record Spacing(double layerGap, double nodeGap, double margin) {
        public static Spacing defaults() {
            return new Spacing(90, 28, 24);
        }
    }

    private static final int SWEEPS = 12;

    private LayeredLayout() {
    }

    /**
     * @param sizes  each node's width and height, in insertion order (the order breaks ties)
     * @param edges  source/target pairs; self-loops are ignored
     */
    public static Result layout(Map<String, double[]> sizes, List<String[]> edges, Spacing s) {
        List<String> ids = new ArrayList<>(sizes.keySet());
        Map<String, List<String>> out = new LinkedHashMap<>();
        ids.forEach(id -> out.put(id, new ArrayList<>()));
        List<String[]> kept = new ArrayList<>();
        for (String[] e : edges) {
            if (!e[0].equals(e[1]) && out.containsKey(e[0]) && out.containsKey(e[1]) && !out.get(e[0]).contains(e[1])) {
                out.get(e[0]).add(e[1]);
                kept.add(e);
            }
        }
        Set<String> backEdges = backEdges(ids, out);
        // The acyclic graph the layers come from: back edges turned around.
        Map<String, List<String>> dag = new LinkedHashMap<>();
        ids.forEach(id -> dag.put(id, new ArrayList<>()));
        for (String[] e : kept) {
            boolean back = backEdges.contains(e[0] + "\u0000" + e[1]);
            dag.get(back ? e[1] : e[0]).add(back ? e[0] : e[1]);
        }
        Map<String, Integer> layer = layers(ids, dag);

        // Chains of dummy nodes for edges that span layers.
        Map<String, Integer> layerOf = new HashMap<>(layer);
        Map<String, List<String>> next = new LinkedHashMap<>();
        Map<String, List<String>> prev = new LinkedHashMap<>();
        ids.forEach(id -> {
            next.put(id, new ArrayList<>());
            prev.put(id, new ArrayList<>());
        });
        Map<String, List<String>> chains = new LinkedHashMap<>();
        int dummies = 0;
        for (String from : ids) {
            for (String to : dag.get(from)) {
                List<String> chain = new ArrayList<>();
                chain.add(from);
                for (int l = layer.get(from) + 1; l < layer.get(to); l++) {
                    String d = "\u0000d" + (dummies++);
                    layerOf.put(d, l);
                    next.put(d, new ArrayList<>());
                    prev.put(d, new ArrayList<>());
                    chain.add(d);
                }
                chain.add(to);
                for (int i = 0; i + 1 < chain.size(); i++) {
                    next.get(chain.get(i)).add(chain.get(i + 1));
                    prev.get(chain.get(i + 1)).add(chain.get(i));
                }
                chains.put(from + "\u0000" + to, chain);
            }
        }
        int layers = layerOf.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        List<List<String>> order = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            order.add(new ArrayList<>());
        }
        // Initial order: depth first from the sources, so related nodes start close together.
        Set<String> placed = new HashSet<>();
        Deque<String> stack = new ArrayDeque<>();
        for (String id : ids) {
            if (prev.get(id).isEmpty()) {
                stack.push(id);
            }
            while (!stack.isEmpty()) {
                String n = stack.pop();
                if (placed.add(n)) {
                    order.get(layerOf.get(n)).add(n);
                    List<String> kids = new ArrayList<>(next.get(n));
                    for (int i = kids.size() - 1; i >= 0; i--) {
                        stack.push(kids.get(i));
                    }
                }
            }
        }
        for (String n : layerOf.keySet()) {
            if (placed.add(n)) {
                order.get(layerOf.get(n)).add(n);
            }
        }
        List<List<String>> best = copy(order);
        int bestCrossings = crossings(order, next);
        for (int sweep = 0; sweep < SWEEPS && bestCrossings > 0; sweep++) {
            boolean down = sweep % 2 == 0;
            for (int i = 1; i < layers; i++) {
                int l = down ? i : layers - 1 - i;
                int ref = down ? l - 1 : l + 1;
                reorder(order.get(l), order.get(ref), down ? prev : next);
            }
            int c = crossings(order, next);
            if (c < bestCrossings) {
                bestCrossings = c;
                best = copy(order);
            }
        }

        // Coordinates: layers left to right, each one centred on the tallest.
        double[] layerX = new double[layers];
        double[] layerWidth = new double[layers];
        double[] layerHeight = new double[layers];
        for (int l = 0; l < layers; l++) {
            for (String n : best.get(l)) {
                double[] size = sizes.getOrDefault(n, new double[] {0, 0});
                layerWidth[l] = Math.max(layerWidth[l], size[0]);
                layerHeight[l] += size[1] + s.nodeGap();
            }
            layerHeight[l] = Math.max(0, layerHeight[l] - s.nodeGap());
        }
        double x = s.margin();
        double tallest = 0;
        for (int l = 0; l < layers; l++) {
            layerX[l] = x;
            x += layerWidth[l] + s.layerGap();
            tallest = Math.max(tallest, layerHeight[l]);
        }
        double width = layers == 0 ? 2 * s.margin() : x - s.layerGap() + s.margin();
        double height = tallest + 2 * s.margin();
        Map<String, Box> boxes = new LinkedHashMap<>();
        Map<String, double[]> dummyPoints = new HashMap<>();
        for (int l = 0; l < layers; l++) {
            double y = s.margin() + (tallest - layerHeight[l]) / 2;
            for (String n : best.get(l)) {
                double[] size = sizes.get(n);
                if (size == null) {
                    dummyPoints.put(n, new double[] {layerX[l] + layerWidth[l] / 2, y});
                    y += s.nodeGap();
                    continue;
                }
                boxes.put(n, new Box(n, layerX[l] + (layerWidth[l] - size[0]) / 2, y, size[0], size[1], l));
                y += size[1] + s.nodeGap();
            }
        }
        List<Route> routes = new ArrayList<>();
        for (String[] e : kept) {
            boolean back = backEdges.contains(e[0] + "\u0000" + e[1]);
            List<String> chain = chains.get(back ? e[1] + "\u0000" + e[0] : e[0] + "\u0000" + e[1]);
            List<double[]> pts = new ArrayList<>();
            Box first = boxes.get(chain.get(0));
            Box last = boxes.get(chain.get(chain.size() - 1));
            pts.add(new double[] {first.x() + first.width(), first.y() + first.height() / 2});
            for (int i = 1; i + 1 < chain.size(); i++) {
                pts.add(dummyPoints.get(chain.get(i)));
            }
            pts.add(new double[] {last.x(), last.y() + last.height() / 2});
            if (back) {
                java.util.Collections.reverse(pts);
            }
            routes.add(new Route(e[0], e[1], pts, back));
        }
        return new Result(boxes, routes, width, height, bestCrossings);
    }

    /** Edges that a depth-first search, in insertion order, finds going back to a node on its path. */
    private static Set<String> backEdges(List<String> ids, Map<String, List<String>> out) {
        Set<String> back = new HashSet<>();
        Map<String, Integer> state = new HashMap<>(); // 1 on the path, 2 done
        for (String root : ids) {
            if (state.containsKey(root)) {
                continue;
            }
            Deque<Object[]> stack = new ArrayDeque<>();
            stack.push(new Object[] {root, 0});
            state.put(root, 1);
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                String n = (String) top[0];
                int i = (Integer) top[1];
                List<String> kids = out.get(n);
                if (i < kids.size()) {
                    top[1] = i + 1;
                    String k = kids.get(i);
                    Integer st = state.get(k);
                    if (st == null) {
                        state.put(k, 1);
                        stack.push(new Object[] {k, 0});
                    } else if (st == 1) {
                        back.add(n + "\u0000" + k);
                    }
                } else {
                    state.put(n, 2);
                    stack.pop();
                }
            }
        }
        return back;
    }

    /** Longest path from a source: every edge goes at least one layer to the right. */
    private static Map<String, Integer> layers(List<String> ids, Map<String, List<String>> dag) {
        Map<String, Integer> indegree = new HashMap<>();
        ids.forEach(id -> indegree.put(id, 0));
        dag.values().forEach(list -> list.forEach(t -> indegree.merge(t, 1, Integer::sum)));
        Deque<String> ready = new ArrayDeque<>();
        ids.stream().filter(id -> indegree.get(id) == 0).forEach(ready::add);
        Map<String, Integer> layer = new HashMap<>();
        ids.forEach(id -> layer.put(id, 0));
        while (!ready.isEmpty()) {
            String n = ready.poll();
            for (String t : dag.get(n)) {
                layer.put(t, Math.max(layer.get(t), layer.get(n) + 1));
                if (indegree.merge(t, -1, Integer::sum) == 0) {
                    ready.add(t);
                }
            }
        }
        return layer;
    }

    /** Sorts {@code layer} by the mean position of each node's neighbours in {@code ref}. */
    private static void reorder(List<String> layer, List<String> ref, Map<String, List<String>> neighbours) {
        Map<String, Integer> pos = new HashMap<>();
        for (int i = 0; i < ref.size(); i++) {
            pos.put(ref.get(i), i);
        }
        Map<String, Double> bary = new HashMap<>();
        for (int i = 0; i < layer.size(); i++) {
            String n = layer.get(i);
            double sum = 0;
            int count = 0;
            for (String m : neighbours.get(n)) {
                Integer p = pos.get(m);
                if (p != null) {
                    sum += p;
                    count++;
                }
            }
            bary.put(n, count == 0 ? i : sum / count);
        }
        Map<String, Integer> before = new HashMap<>();
        for (int i = 0; i < layer.size(); i++) {
            before.put(layer.get(i), i);
        }
        layer.sort(Comparator.comparingDouble((String n) -> bary.get(n)).thenComparingInt(before::get));
    }

    /**
     * Edge crossings between adjacent layers: the inversions of the lower ends when the edges are
     * sorted by their upper ends (ties broken by the lower), counted by merge sort in O(E log E).
     */
    static long crossingCount(List<List<String>> order, Map<String, List<String>> next) {
        long total = 0;
        for (int l = 0; l + 1 < order.size(); l++) {
            Map<String, Integer> pos = new HashMap<>();
            List<String> lower = order.get(l + 1);
            for (int i = 0; i < lower.size(); i++) {
                pos.put(lower.get(i), i);
            }
            List<long[]> segs = new ArrayList<>();
            List<String> upper = order.get(l);
            for (int i = 0; i < upper.size(); i++) {
                for (String t : next.get(upper.get(i))) {
                    Integer p = pos.get(t);
                    if (p != null) {
                        segs.add(new long[] {i, p});
                    }
                }
            }
            segs.sort(Comparator.<long[]>comparingLong(x -> x[0]).thenComparingLong(x -> x[1]));
            int[] lowerEnds = new int[segs.size()];
            for (int i = 0; i < lowerEnds.length; i++) {
                lowerEnds[i] = (int) segs.get(i)[1];
            }
            total += inversions(lowerEnds, new int[lowerEnds.length], 0, lowerEnds.length);
        }
        return total;
    }

    static int crossings(List<List<String>> order, Map<String, List<String>> next) {
        return (int) Math.min(Integer.MAX_VALUE, crossingCount(order, next));
    }

    /** Strict inversions (a[i] > a[j], i < j) of a[from, to), sorting it. */
    private static long inversions(int[] a, int[] tmp, int from, int to) {
        if (to - from < 2) {
            return 0;
        }
        int mid = (from + to) >>> 1;
        long n = inversions(a, tmp, from, mid) + inversions(a, tmp, mid, to);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            if (a[i] <= a[j]) {
                tmp[k++] = a[i++];
            } else {
                n += mid - i;
                tmp[k++] = a[j++];
            }
        }
        while (i < mid) {
            tmp[k++] = a[i++];
        }
        while (j < to) {
            tmp[k++] = a[j++];
        }
        System.arraycopy(tmp, from, a, from, to - from);
        return n;
    }

    private static List<List<String>> copy(List<List<String>> order) {
        List<List<String>> c = new ArrayList<>();
        order.forEach(l -> c.add(new ArrayList<>(l)));
        return c;
    }
}
