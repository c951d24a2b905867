package io.prodlab.ui.traces;

import io.prodlab.ui.common.Styles;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which of the palette's colours ({@code service-color-0} … in prodlab.css) each service gets: the
 * workspace's services in name order take the colours in turn, so a service keeps its colour from
 * one trace to the next and, up to the palette's size, no two services share one. A service the
 * list did not know (imported since) gets a colour from its name's hash. Immutable: built off the
 * FX thread and read from both.
 */
public final class ServiceColors {
    /** How many service colours prodlab.css defines. */
    public static final int PALETTE = 12;
    public static final ServiceColors NONE = new ServiceColors(List.of());

    private final Map<String, Integer> index = new HashMap<>();

    public ServiceColors(List<String> services) {
        int i = 0;
        for (String s : new TreeSet<>(services)) {
            index.put(s, i++ % PALETTE);
        }
    }

    /** The palette index of {@code service}, 0 … {@link #PALETTE} - 1. */
    public int of(String service) {
        Integer i = index.get(service);
        return i != null ? i : Math.floorMod(service == null ? 0 : service.hashCode(), PALETTE);
    }

    /** The style class that gives a bar or a swatch the service's colour. */
    public static String styleClass(int index) {
        return Styles.SERVICE_COLOR_PREFIX + index;
    }
}
