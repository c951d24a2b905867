package io.prodlab.query;

/**
 * Which attribute keys the workspace's spans carry, so that a filter naming a field no span has
 * gets a warning (it is false for every span) rather than silently matching nothing.
 */
public interface FieldCatalog {
    boolean hasSpanAttribute(String key);

    boolean hasResourceAttribute(String key);

    /** A catalog of these keys. */
    static FieldCatalog of(java.util.Set<String> spanKeys, java.util.Set<String> resourceKeys) {
        return new FieldCatalog() {
            @Override
            public boolean hasSpanAttribute(String key) {
                return spanKeys.contains(key);
            }

            @Override
            public boolean hasResourceAttribute(String key) {
                return resourceKeys.contains(key);
            }
        };
    }

    /** A catalog that knows nothing and warns of nothing. */
    FieldCatalog NONE = new FieldCatalog() {
        @Override
        public boolean hasSpanAttribute(String key) {
            return true;
        }

        @Override
        public boolean hasResourceAttribute(String key) {
            return true;
        }
    };
}
