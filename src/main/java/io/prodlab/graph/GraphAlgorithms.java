package io.prodlab.graph;

import io.prodlab.model.ServiceEdge;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the shape of a {@link DependencyMap} says: who calls a node and whom it calls (fan-in,
 * fan-out), everything downstream or upstream of it, its neighbourhood within N hops, and the cycles
 * (services that call each other round, directly or through others).
 */
public final class GraphAlgorithms {
    private final DependencyMap map;
    private final Map<String, Set<String>> callees = new LinkedHashMap<>();
    private final Map<String, Set<String>> callers = new LinkedHashMap<>();

    public GraphAlgorithms(DependencyMap map) {
        this.map = map;
        map.nodes().forEach(n -> {
            callees.put(n.id(), new TreeSet<>());
            callers.put(n.id(), new TreeSet<>());
        });
        for (ServiceEdge e : map.edges()) {
            callees.computeIfAbsent(e.source(), k -> new TreeSet<>()).add(e.target());
            callers.computeIfAbsent(e.target(), k -> new TreeSet<>()).add(e.source());
            callees.computeIfAbsent(e.target(), k -> new TreeSet<>());
            callers.computeIfAbsent(e.source(), k -> new TreeSet<>());
        }
    }

    /** How many distinct nodes call {@code id}. */
    public int fanIn(String id) {
        return callers.getOrDefault(id, Set.of()).size();
    }

    /** How many distinct nodes {@code id} calls. */
    public int fanOut(String id) {
        return callees.getOrDefault(id, Set.of()).size();
    }

    /** Every node reachable from {@code id} by calls (not {@code id} itself unless on a cycle). */
    public Set<String> downstream(String id) {
        return reach(id, callees);
    }

    /** Every node that reaches {@code id} by calls. */
    public Set<String> upstream(String id) {
        return reach(id, callers);
    }

    private static Set<String> reach(String from, Map<String, Set<String>> next) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(next.getOrDefault(from, Set.of()));
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (seen.add(n)) {
                todo.addAll(next.getOrDefault(n, Set.of()));
            }
        }
        return seen;
    }

    /**
     * The map cut to the nodes within {@code hops} calls of {@code id}, in either direction, and the
     * edges between them (focus mode).
     */
    public DependencyMap neighbourhood(String id, int hops) {
        Map<String, Integer> dist = new HashMap<>();
        dist.put(id, 0);
        Deque<String> todo = new ArrayDeque<>(List.of(id));
        while (!todo.isEmpty()) {
            String n = todo.poll();
            int d = dist.get(n);
            if (d == hops) {
                continue;
            }
            Set<String> around = new LinkedHashSet<>(callees.getOrDefault(n, Set.of()));
            around.addAll(callers.getOrDefault(n, Set.of()));
            for (String m : around) {
                if (!dist.containsKey(m)) {
                    dist.put(m, d + 1);
                    todo.add(m);
                }
            }
        }
        return new DependencyMap(map.nodes().stream().filter(n -> dist.containsKey(n.id())).toList(),
                map.edges().stream().filter(e -> dist.containsKey(e.source()) && dist.containsKey(e.target())).toList());
    }

    /**
     * The cycles: each strongly connected component of more than one node (Tarjan's algorithm), and
     * each node that calls itself, with its members sorted.
     */
    public List<List<String>> cycles() {
        List<List<String>> out = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        int[] counter = {0};
        for (String root : callees.keySet()) {
            if (!index.containsKey(root)) {
                strongConnect(root, index, low, stack, onStack, counter, out);
            }
        }
        for (ServiceEdge e : map.edges()) {
            if (e.source().equals(e.target())) {
                out.add(List.of(e.source()));
            }
        }
        out.sort(java.util.Comparator.comparing(l -> l.get(0)));
        return out;
    }

    /** Tarjan's strongconnect, iterative so that a long chain cannot overflow the stack. */
    private void strongConnect(String root, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                               Set<String> onStack, int[] counter, List<List<String>> out) {
        Deque<Object[]> work = new ArrayDeque<>();
        work.push(new Object[] {root, new ArrayList<>(callees.get(root)).iterator()});
        index.put(root, counter[0]);
        low.put(root, counter[0]++);
        stack.push(root);
        onStack.add(root);
        while (!work.isEmpty()) {
            Object[] frame = work.peek();
            String v = (String) frame[0];
            @SuppressWarnings("unchecked")
            java.util.Iterator<String> it = (java.util.Iterator<String>) frame[1];
            if (it.hasNext()) {
                String w = it.next();
                if (!index.containsKey(w)) {
                    index.put(w, counter[0]);
                    low.put(w, counter[0]++);
                    stack.push(w);
                    onStack.add(w);
                    work.push(new Object[] {w, new ArrayList<>(callees.getOrDefault(w, Set.of())).iterator()});
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
                continue;
            }
            work.pop();
            if (!work.isEmpty()) {
                String parent = (String) work.peek()[0];
                low.put(parent, Math.min(low.get(parent), low.get(v)));
            }
            if (low.get(v).equals(index.get(v))) {
                List<String> component = new ArrayList<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    component.add(w);
                } while (!w.equals(v));
                if (component.size() > 1) {
                    component.sort(String::compareTo);
                    out.add(component);
                }
            }
        }
    }
}
