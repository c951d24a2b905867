package io.prodlab.demo;

import java.util.Locale;

/** What a node of the simulated shop is; the names match DESIGN.md's node kinds. */
enum NodeKind {
    SERVICE, DATABASE, CACHE, MESSAGING;

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
