package io.prodlab.compare;

import io.prodlab.query.FieldCatalog;
import io.prodlab.store.AttributePresenceQuery;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

import java.util.HashMap;
import java.util.Map;

/**
 * The filter language's catalog of attribute keys, asked key by key as the compiler meets them
 * ({@link AttributePresenceQuery}) and remembered for one comparison. A failing look-up is no
 * reason to stop a comparison: the key counts as present (no warning).
 */
final class CohortFieldCatalog implements FieldCatalog {
    private final AttributePresenceQuery q;
    private final Map<String, Boolean> span = new HashMap<>();
    private final Map<String, Boolean> resource = new HashMap<>();

    CohortFieldCatalog(Workspace ws) {
        this.q = new AttributePresenceQuery(ws);
    }

    @Override
    public boolean hasSpanAttribute(String key) {
        return span.computeIfAbsent(key, k -> ask(true, k));
    }

    @Override
    public boolean hasResourceAttribute(String key) {
        return resource.computeIfAbsent(key, k -> ask(false, k));
    }

    private boolean ask(boolean spanScope, String key) {
        try {
            return spanScope ? q.spanAttribute(key) : q.resourceAttribute(key);
        } catch (WorkspaceException e) {
            return true;
        }
    }
}
