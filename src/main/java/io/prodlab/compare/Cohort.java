package io.prodlab.compare;

import java.util.Objects;

/**
 * A named group of requests: a filter expression in the filter language ({@code io.prodlab.query}).
 *
 * @param name how results call it ("baseline", "canary")
 * @param filter which spans (or, by trace, which traces' spans) belong to it
 */
public record Cohort(String name, String filter) {
    public Cohort {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filter, "filter");
    }
}
