package io.prodlab.ui.common;

import io.prodlab.query.FieldCatalog;
import io.prodlab.store.SpanMatchQuery;
import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;

/**
 * The attribute keys of the open workspace's spans, for the filter language's "no span carries this
 * field" warnings, read once per workspace content ({@link WorkspaceSession#revisionProperty()})
 * rather than once per keystroke: listing the keys scans every span's attributes. Called from
 * background work only; several filter fields share one.
 */
public final class FieldCatalogCache {
    private Workspace workspace;
    private int revision = -1;
    private FieldCatalog catalog;

    /** The catalog of {@code ws} at {@code revision}; reads the keys again when either changed. */
    public synchronized FieldCatalog catalog(Workspace ws, int revision) throws WorkspaceException {
        if (catalog == null || ws != workspace || revision != this.revision) {
            SpanMatchQuery.Keys keys = new SpanMatchQuery(ws).attributeKeys();
            catalog = FieldCatalog.of(keys.span(), keys.resource());
            workspace = ws;
            this.revision = revision;
        }
        return catalog;
    }
}
