package io.prodlab.model;

/**
 * A time window with meaning, as written to {@code annotations}: a fault injection, a deploy, a
 * flag change, an incident, or a run of an experiment tool and its activities.
 *
 * @param kind {@code fault}, {@code deploy}, {@code flag_change}, {@code incident},
 *     {@code experiment_run}, {@code steady_state_probe}, ... (lower case)
 * @param name what the source calls it
 * @param startNs the window's start (Unix ns)
 * @param endNs its end (Unix ns), equal to {@code startNs} for an instant, null when open
 * @param target what it acted on (a service, pod selector, host), empty when not said
 * @param attributesJson the rest of what the source says, as a JSON object
 */
public record Annotation(String kind, String name, long startNs, Long endNs, String target, String attributesJson) {
}
