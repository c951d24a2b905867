package io.prodlab.store;

/**
 * Whether any span carries an attribute key, for the filter language's "no span has this field"
 * warning. Asks about one key at a time and stops at the first span that has it: a key that is
 * there costs milliseconds, where listing every key of a 1,000,000-span workspace
 * ({@link SpanMatchQuery#attributeKeys()}) costs over a second. Only a key that no span has reads
 * every span.
 */
public final class AttributePresenceQuery {
    private final Workspace ws;

    public AttributePresenceQuery(Workspace ws) {
        this.ws = ws;
    }

    public boolean spanAttribute(String key) throws WorkspaceException {
        return any("attributes", key);
    }

    public boolean resourceAttribute(String key) throws WorkspaceException {
        return any("resource", key);
    }

    private boolean any(String column, String key) throws WorkspaceException {
        String pointer = "/" + key.replace("~", "~0").replace("/", "~1");
        return ws.sql().query("look for the attribute " + key, "select 1 from spans where json_exists(" + column
                + ", ?) limit 1", java.sql.ResultSet::next, pointer);
    }
}
