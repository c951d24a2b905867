package io.prodlab.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A layered left-to-right layout of a directed graph (Sugiyama's scheme), on int arrays so that a
 * graph of 1,000 nodes and 5,000 edges takes well under a second (docs/decisions/0010-map-layout.md):
 *
 * <ol>
 *   <li>cycles are broken by the greedy ordering of Eades, Lin and Smyth (sinks to the end, sources to
 *       the front, else the node with most out- over in-edges); edges going back in it are turned around;</li>
 *   <li>layers by longest path from a source, so callers sit left of callees, then shortened by the
 *       promotion heuristic of Nikolov, Tarassov and Branke (a node moves right, pushing its successors,
 *       when that makes the edges shorter in total);</li>
 *   <li>an edge spanning several layers gets a bend point (a dummy node) per crossed layer;</li>
 *   <li>the order within each layer by barycenter sweeps, down and up, keeping the order with the
 *       fewest crossings and stopping after two sweeps without improvement; crossings are counted with
 *       the accumulator tree of Barth, Jünger and Mutzel (O(E log V) per pair of layers);</li>
 *   <li>vertical positions: nodes stacked in their order, then pulled towards the median of their
 *       neighbours' positions in alternating sweeps without ever overlapping or changing order.</li>
 * </ol>
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

    private static final int MAX_SWEEPS = 12;
    /** Sweeps in a row without fewer crossings after which ordering stops. */
    private static final int PATIENCE = 2;
    private static final int PLACEMENT_SWEEPS = 8;

    private LayeredLayout() {
    }

    /**
     * @param sizes  each node's width and height, in insertion order (the order breaks ties)
     * @param edges  source/target pairs; self-loops, repeats and edges to unknown nodes are ignored
     */
    public static Result layout(Map<String, double[]> sizes, List<String[]> edges, Spacing s) {
        List<String> ids = new ArrayList<>(sizes.keySet());
        int n = ids.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(ids.get(i), i);
        }
        List<String[]> kept = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (String[] e : edges) {
            Integer a = index.get(e[0]);
            Integer b = index.get(e[1]);
            if (a != null && b != null && !a.equals(b) && seen.add((long) a * n + b)) {
                kept.add(e);
            }
        }
        int m = kept.size();
        int[] src = new int[m];
        int[] dst = new int[m];
        for (int i = 0; i < m; i++) {
            src[i] = index.get(kept.get(i)[0]);
            dst[i] = index.get(kept.get(i)[1]);
        }
        // The acyclic graph the layers come from: edges against the greedy order turned around.
        int[] rank = greedyOrder(n, src, dst);
        boolean[] reversed = new boolean[m];
        int[] from = new int[m];
        int[] to = new int[m];
        for (int i = 0; i < m; i++) {
            reversed[i] = rank[src[i]] > rank[dst[i]];
            from[i] = reversed[i] ? dst[i] : src[i];
            to[i] = reversed[i] ? src[i] : dst[i];
        }
        int[] layer = longestPathLayers(n, from, to);
        promote(n, from, to, layer);

        // Chains of dummy nodes for edges that span layers: node ids n.. are dummies.
        int total = n;
        for (int i = 0; i < m; i++) {
            total += layer[to[i]] - layer[from[i]] - 1;
        }
        int[] layerOf = Arrays.copyOf(layer, total);
        int[][] chain = new int[m][];
        int[] outCount = new int[total];
        int[] inCount = new int[total];
        int next = n;
        for (int i = 0; i < m; i++) {
            int span = layer[to[i]] - layer[from[i]];
            int[] c = new int[span + 1];
            c[0] = from[i];
            for (int k = 1; k < span; k++) {
                layerOf[next] = layer[from[i]] + k;
                c[k] = next++;
            }
            c[span] = to[i];
            chain[i] = c;
            for (int k = 0; k < span; k++) {
                outCount[c[k]]++;
                inCount[c[k + 1]]++;
            }
        }
        Csr succ = Csr.of(total, outCount);
        Csr pred = Csr.of(total, inCount);
        for (int i = 0; i < m; i++) {
            int[] c = chain[i];
            for (int k = 0; k + 1 < c.length; k++) {
                succ.add(c[k], c[k + 1]);
                pred.add(c[k + 1], c[k]);
            }
        }
        int layers = 0;
        for (int v = 0; v < total; v++) {
            layers = Math.max(layers, layerOf[v] + 1);
        }
        int[][] order = initialOrder(n, total, layers, layerOf, succ, pred);
        int[] pos = new int[total];
        positions(order, pos);
        int[][] best = copy(order);
        long bestCrossings = crossingCount(order, pos, succ);
        int stale = 0;
        for (int sweep = 0; sweep < MAX_SWEEPS && bestCrossings > 0 && stale < PATIENCE; sweep++) {
            boolean down = sweep % 2 == 0;
            for (int i = 1; i < layers; i++) {
                int l = down ? i : layers - 1 - i;
                reorder(order[l], pos, down ? pred : succ);
            }
            long c = crossingCount(order, pos, succ);
            if (c < bestCrossings) {
                bestCrossings = c;
                best = copy(order);
                stale = 0;
            } else {
                stale++;
            }
        }
        positions(best, pos);

        // Coordinates: layers left to right, each node's height (a dummy's is zero) plus the gap.
        double[] height = new double[total];
        double[] layerWidth = new double[layers];
        for (int v = 0; v < n; v++) {
            double[] size = sizes.get(ids.get(v));
            height[v] = size[1];
            layerWidth[layerOf[v]] = Math.max(layerWidth[layerOf[v]], size[0]);
        }
        double[] layerX = new double[layers];
        double x = s.margin();
        for (int l = 0; l < layers; l++) {
            layerX[l] = x;
            x += layerWidth[l] + s.layerGap();
        }
        double[] y = place(best, height, succ, pred, s.nodeGap());
        double top = Double.POSITIVE_INFINITY;
        double bottom = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < total; v++) {
            top = Math.min(top, y[v]);
            bottom = Math.max(bottom, y[v] + height[v]);
        }
        double shift = total == 0 ? 0 : s.margin() - top;
        double width = layers == 0 ? 2 * s.margin() : x - s.layerGap() + s.margin();
        double drawingHeight = total == 0 ? 2 * s.margin() : bottom - top + 2 * s.margin();
        Map<String, Box> boxes = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            for (int v : best[l]) {
                if (v < n) {
                    double[] size = sizes.get(ids.get(v));
                    boxes.put(ids.get(v), new Box(ids.get(v), layerX[l] + (layerWidth[l] - size[0]) / 2, y[v] + shift,
                            size[0], size[1], l));
                }
            }
        }
        List<Route> routes = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            int[] c = chain[i];
            List<double[]> pts = new ArrayList<>(c.length);
            Box first = boxes.get(ids.get(c[0]));
            Box last = boxes.get(ids.get(c[c.length - 1]));
            pts.add(new double[] {first.x() + first.width(), first.y() + first.height() / 2});
            for (int k = 1; k + 1 < c.length; k++) {
                int l = layerOf[c[k]];
                pts.add(new double[] {layerX[l] + layerWidth[l] / 2, y[c[k]] + shift});
            }
            pts.add(new double[] {last.x(), last.y() + last.height() / 2});
            if (reversed[i]) {
                Collections.reverse(pts);
            }
            routes.add(new Route(kept.get(i)[0], kept.get(i)[1], pts, reversed[i]));
        }
        return new Result(boxes, routes, width, drawingHeight, (int) Math.min(Integer.MAX_VALUE, bestCrossings));
    }

    /** Adjacency in compressed rows: the neighbours of v are {@code to[start[v] .. start[v+1])}. */
    private static final class Csr {
        final int[] start;
        final int[] to;
        private final int[] fill;

        private Csr(int[] start, int[] to) {
            this.start = start;
            this.to = to;
            this.fill = Arrays.copyOf(start, start.length - 1);
        }

        /** The edges from[i] → to[i] as each node's successors. */
        static Csr of(int nodes, int[] from, int[] to) {
            int[] counts = new int[nodes];
            for (int v : from) {
                counts[v]++;
            }
            Csr c = of(nodes, counts);
            for (int i = 0; i < from.length; i++) {
                c.add(from[i], to[i]);
            }
            return c;
        }

        static Csr of(int nodes, int[] counts) {
            int[] start = new int[nodes + 1];
            for (int v = 0; v < nodes; v++) {
                start[v + 1] = start[v] + counts[v];
            }
            return new Csr(start, new int[start[nodes]]);
        }

        void add(int v, int w) {
            to[fill[v]++] = w;
        }

        int degree(int v) {
            return start[v + 1] - start[v];
        }
    }

    /**
     * Eades–Lin–Smyth: a linear order in which few edges go backwards. Sinks are taken off the end,
     * sources off the front; when neither is left, the node with the largest out- minus in-degree
     * (the first in insertion order on ties) goes to the front. Returns each node's rank in the order.
     */
    static int[] greedyOrder(int n, int[] src, int[] dst) {
        Csr out = Csr.of(n, src, dst);
        Csr in = Csr.of(n, dst, src);
        int[] outDeg = new int[n];
        int[] inDeg = new int[n];
        for (int v = 0; v < n; v++) {
            outDeg[v] = out.degree(v);
            inDeg[v] = in.degree(v);
        }
        boolean[] removed = new boolean[n];
        int[] front = new int[n];
        int[] back = new int[n];
        int fronts = 0;
        int backs = 0;
        int left = n;
        java.util.ArrayDeque<Integer> sinks = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Integer> sources = new java.util.ArrayDeque<>();
        for (int v = 0; v < n; v++) {
            if (outDeg[v] == 0) {
                sinks.add(v);
            } else if (inDeg[v] == 0) {
                sources.add(v);
            }
        }
        int scan = 0;
        while (left > 0) {
            int v = -1;
            boolean toFront;
            if (!sinks.isEmpty()) {
                v = sinks.poll();
                toFront = false;
            } else if (!sources.isEmpty()) {
                v = sources.poll();
                toFront = true;
            } else {
                int bestDelta = Integer.MIN_VALUE;
                while (removed[scan]) {
                    scan++;
                }
                for (int u = scan; u < n; u++) {
                    if (!removed[u] && outDeg[u] - inDeg[u] > bestDelta) {
                        bestDelta = outDeg[u] - inDeg[u];
                        v = u;
                    }
                }
                toFront = true;
            }
            if (removed[v]) {
                continue;
            }
            removed[v] = true;
            left--;
            if (toFront) {
                front[fronts++] = v;
            } else {
                back[backs++] = v;
            }
            for (int k = out.start[v]; k < out.start[v + 1]; k++) {
                int w = out.to[k];
                if (!removed[w] && --inDeg[w] == 0 && outDeg[w] > 0) {
                    sources.add(w);
                }
            }
            for (int k = in.start[v]; k < in.start[v + 1]; k++) {
                int w = in.to[k];
                if (!removed[w] && --outDeg[w] == 0) {
                    sinks.add(w);
                }
            }
        }
        int[] rank = new int[n];
        for (int i = 0; i < fronts; i++) {
            rank[front[i]] = i;
        }
        for (int i = 0; i < backs; i++) {
            rank[back[i]] = n - 1 - i;
        }
        return rank;
    }

    /** Longest path from a source: every edge goes at least one layer to the right. */
    private static int[] longestPathLayers(int n, int[] from, int[] to) {
        Csr out = Csr.of(n, from, to);
        int[] indegree = new int[n];
        for (int v : to) {
            indegree[v]++;
        }
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int v = 0; v < n; v++) {
            if (indegree[v] == 0) {
                queue[tail++] = v;
            }
        }
        int[] layer = new int[n];
        while (head < tail) {
            int v = queue[head++];
            for (int k = out.start[v]; k < out.start[v + 1]; k++) {
                int w = out.to[k];
                layer[w] = Math.max(layer[w], layer[v] + 1);
                if (--indegree[w] == 0) {
                    queue[tail++] = w;
                }
            }
        }
        return layer;
    }

    /**
     * The promotion heuristic (Nikolov, Tarassov, Branke 2005), turned to our direction: a node moves
     * one layer right, pushing successors that would land in its layer, when that shortens the edges
     * in total (each moved node v changes the total by in(v) − out(v)); rounds until none helps. The
     * drawing never gets more layers than longest path gave it.
     */
    private static void promote(int n, int[] from, int[] to, int[] layer) {
        Csr out = Csr.of(n, from, to);
        int[] oc = new int[n];
        int[] ic = new int[n];
        for (int v = 0; v < n; v++) {
            oc[v] = out.degree(v);
        }
        for (int v : to) {
            ic[v]++;
        }
        int maxLayer = 0;
        for (int v = 0; v < n; v++) {
            maxLayer = Math.max(maxLayer, layer[v]);
        }
        int[] touched = new int[n];
        int[] oldLayer = new int[n];
        int[] stack = new int[n];
        boolean[] moved = new boolean[n];
        for (int round = 0; round < 100; round++) {
            boolean changed = false;
            for (int v = 0; v < n; v++) {
                if (oc[v] <= ic[v] && oc[v] > 0) {
                    continue; // moving it alone would lengthen its edges; its predecessors may push it
                }
                if (oc[v] == 0) {
                    continue;
                }
                // Push v right; every successor left at or before its predecessor's layer follows.
                int touchedCount = 0;
                long delta = 0;
                boolean tooWide = false;
                int top = 0;
                stack[top++] = v;
                moved[v] = true;
                oldLayer[v] = layer[v];
                touched[touchedCount++] = v;
                layer[v]++;
                delta += ic[v] - oc[v];
                while (top > 0 && !tooWide) {
                    int u = stack[--top];
                    if (layer[u] > maxLayer) {
                        tooWide = true;
                        break;
                    }
                    for (int k = out.start[u]; k < out.start[u + 1]; k++) {
                        int w = out.to[k];
                        if (layer[w] <= layer[u]) {
                            if (!moved[w]) {
                                moved[w] = true;
                                oldLayer[w] = layer[w];
                                touched[touchedCount++] = w;
                            }
                            delta += (long) (layer[u] + 1 - layer[w]) * (ic[w] - oc[w]);
                            layer[w] = layer[u] + 1;
                            stack[top++] = w;
                            if (top >= stack.length) {
                                stack = Arrays.copyOf(stack, stack.length * 2);
                            }
                        }
                    }
                }
                boolean keep = !tooWide && delta < 0;
                for (int i = 0; i < touchedCount; i++) {
                    int w = touched[i];
                    moved[w] = false;
                    if (!keep) {
                        layer[w] = oldLayer[w];
                    }
                }
                changed |= keep;
            }
            if (!changed) {
                break;
            }
        }
    }

    /** Depth first from the sources, so related nodes start close together. */
    private static int[][] initialOrder(int n, int total, int layers, int[] layerOf, Csr succ, Csr pred) {
        int[] size = new int[layers];
        for (int v = 0; v < total; v++) {
            size[layerOf[v]]++;
        }
        int[][] order = new int[layers][];
        for (int l = 0; l < layers; l++) {
            order[l] = new int[size[l]];
        }
        int[] fill = new int[layers];
        boolean[] placed = new boolean[total];
        int[] stack = new int[Math.max(1, succ.to.length + n)];
        for (int root = 0; root < n; root++) {
            if (pred.degree(root) != 0) {
                continue;
            }
            int top = 0;
            stack[top++] = root;
            while (top > 0) {
                int v = stack[--top];
                if (placed[v]) {
                    continue;
                }
                placed[v] = true;
                order[layerOf[v]][fill[layerOf[v]]++] = v;
                for (int k = succ.start[v + 1] - 1; k >= succ.start[v]; k--) {
                    if (!placed[succ.to[k]]) {
                        stack[top++] = succ.to[k];
                    }
                }
            }
        }
        for (int v = 0; v < total; v++) {
            if (!placed[v]) {
                placed[v] = true;
                order[layerOf[v]][fill[layerOf[v]]++] = v;
            }
        }
        return order;
    }

    private static void positions(int[][] order, int[] pos) {
        for (int[] layer : order) {
            for (int i = 0; i < layer.length; i++) {
                pos[layer[i]] = i;
            }
        }
    }

    /**
     * Sorts a layer by the mean position of each node's neighbours in the adjacent layer (a node
     * without any keeps its own position as its key; ties keep the current order), and updates pos.
     */
    private static void reorder(int[] layer, int[] pos, Csr neighbours) {
        long[] keys = new long[layer.length];
        for (int i = 0; i < layer.length; i++) {
            int v = layer[i];
            int d = neighbours.degree(v);
            float bary;
            if (d == 0) {
                bary = i;
            } else {
                long sum = 0;
                for (int k = neighbours.start[v]; k < neighbours.start[v + 1]; k++) {
                    sum += pos[neighbours.to[k]];
                }
                bary = (float) sum / d;
            }
            // A non-negative float's bits order like the float: key, then the current index.
            keys[i] = ((long) Float.floatToIntBits(bary) << 32) | i;
        }
        Arrays.sort(keys);
        int[] before = layer.clone();
        for (int i = 0; i < layer.length; i++) {
            layer[i] = before[(int) keys[i]];
            pos[layer[i]] = i;
        }
    }

    /**
     * Edge crossings between adjacent layers, by the accumulator tree of Barth, Jünger and Mutzel
     * ("Simple and efficient bilayer cross counting", 2004): the edges sorted by their upper end, then
     * lower end; each lower end added to a complete binary tree over the lower layer's positions,
     * counting the ends already added to its right.
     */
    static long crossingCount(int[][] order, int[] pos, Csr succ) {
        long total = 0;
        int[] ends = new int[16];
        int[] tree = new int[16];
        for (int l = 0; l + 1 < order.length; l++) {
            int[] upper = order[l];
            int count = 0;
            for (int v : upper) {
                int first = count;
                for (int k = succ.start[v]; k < succ.start[v + 1]; k++) {
                    if (count == ends.length) {
                        ends = Arrays.copyOf(ends, ends.length * 2);
                    }
                    ends[count++] = pos[succ.to[k]];
                }
                if (count - first > 1) {
                    Arrays.sort(ends, first, count);
                }
            }
            int q = order[l + 1].length;
            int firstIndex = 1;
            while (firstIndex < q) {
                firstIndex *= 2;
            }
            int treeSize = 2 * firstIndex - 1;
            firstIndex -= 1;
            if (tree.length < treeSize) {
                tree = new int[treeSize];
            } else {
                Arrays.fill(tree, 0, treeSize, 0);
            }
            for (int k = 0; k < count; k++) {
                int i = ends[k] + firstIndex;
                tree[i]++;
                while (i > 0) {
                    if (i % 2 == 1) {
                        total += tree[i + 1];
                    }
                    i = (i - 1) / 2;
                    tree[i]++;
                }
            }
        }
        return total;
    }

    /**
     * Vertical positions in the given order. Each layer starts stacked (a node's height plus the gap
     * between neighbours; a dummy is a point); then alternating sweeps move every node towards the
     * median centre of its neighbours in the layer just placed, as far as its order lets it: nodes are
     * taken in order of how many edges they carry (a real node before the dummies), each placed as
     * near its wish as the already placed nodes of its layer allow (the priority method of Sugiyama et
     * al., kept simple). No layer leaves the band of the tallest one, so the drawing is never taller
     * than its tallest layer stacked.
     */
    private static double[] place(int[][] order, double[] height, Csr succ, Csr pred, double gap) {
        int total = height.length;
        double[] y = new double[total];
        double tallest = 0;
        double[] layerHeight = new double[order.length];
        for (int l = 0; l < order.length; l++) {
            double h = 0;
            for (int v : order[l]) {
                h += height[v] + gap;
            }
            layerHeight[l] = Math.max(0, h - gap);
            tallest = Math.max(tallest, layerHeight[l]);
        }
        for (int l = 0; l < order.length; l++) {
            double at = (tallest - layerHeight[l]) / 2;
            for (int v : order[l]) {
                y[v] = at;
                at += height[v] + gap;
            }
        }
        double[] wish = new double[total];
        double[] centres = new double[16];
        for (int sweep = 0; sweep < PLACEMENT_SWEEPS; sweep++) {
            boolean down = sweep % 2 == 0;
            Csr ref = down ? pred : succ;
            for (int i = 1; i < order.length; i++) {
                int[] layer = order[down ? i : order.length - 1 - i];
                if (layer.length == 0) {
                    continue;
                }
                for (int v : layer) {
                    int d = ref.degree(v);
                    if (d == 0) {
                        wish[v] = y[v] + height[v] / 2;
                        continue;
                    }
                    if (centres.length < d) {
                        centres = new double[d];
                    }
                    for (int k = 0; k < d; k++) {
                        int w = ref.to[ref.start[v] + k];
                        centres[k] = y[w] + height[w] / 2;
                    }
                    Arrays.sort(centres, 0, d);
                    wish[v] = d % 2 == 1 ? centres[d / 2] : (centres[d / 2 - 1] + centres[d / 2]) / 2;
                }
                settle(layer, y, height, wish, gap, tallest, succ, pred);
            }
        }
        return y;
    }

    /**
     * Places one layer's nodes as near their wished centres as their order allows, inside [0, band].
     * Nodes are placed by priority (real nodes with most edges first); a node placed later never moves
     * one placed earlier, it only takes the room left between its placed neighbours in the order.
     */
    private static void settle(int[] layer, double[] y, double[] height, double[] wish, double gap, double band, Csr succ,
                               Csr pred) {
        int len = layer.length;
        long[] prio = new long[len];
        for (int i = 0; i < len; i++) {
            int v = layer[i];
            long degree = succ.degree(v) + pred.degree(v) + (height[v] > 0 ? 1L << 20 : 0);
            prio[i] = ((Long.MAX_VALUE >> 32) - degree) << 32 | i; // highest degree first, then by position
        }
        Arrays.sort(prio);
        double[] room = new double[len + 1]; // room[k]: the height nodes 0..k-1 take with their gaps
        for (int k = 0; k < len; k++) {
            room[k + 1] = room[k] + height[layer[k]] + gap;
        }
        java.util.TreeSet<Integer> placed = new java.util.TreeSet<>();
        for (long p : prio) {
            int i = (int) (p & 0xffffffffL);
            int v = layer[i];
            Integer below = placed.lower(i);
            Integer above = placed.higher(i);
            double min = below == null ? room[i] : y[layer[below]] + room[i] - room[below];
            double max = above == null ? band - (room[len] - gap - room[i]) : y[layer[above]] - (room[above] - room[i]);
            y[v] = Math.max(min, Math.min(max, wish[v] - height[v] / 2));
            placed.add(i);
        }
    }

    private static int[][] copy(int[][] order) {
        int[][] c = new int[order.length][];
        for (int i = 0; i < order.length; i++) {
            c[i] = order[i].clone();
        }
        return c;
    }
}
