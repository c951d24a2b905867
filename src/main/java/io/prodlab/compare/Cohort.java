package io.prodlab.compare;

import java.util.Objects;
import java.util.Optional;

/**
 * A named group of requests: a filter expression in the filter language ({@code io.prodlab.query}),
 * optionally limited to a time window.
 *
 * @param name   how results call it ("baseline", "canary")
 * @param filter which spans (or, by trace, which traces' spans) belong to it; blank for every span
 * @param window when its spans start, or null for any time
 */
public record Cohort(String name, String filter, TimeWindow window) {
    public Cohort {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filter, "filter");
    }

    /** A cohort of any time. */
    public Cohort(String name, String filter) {
        this(name, filter, null);
    }

    public Optional<TimeWindow> timeWindow() {
        return Optional.ofNullable(window);
    }
}
