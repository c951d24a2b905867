/**
 * The workspace: one DuckDB file per analysis, its schema migrations, the import write path and the
 * queries on it — the only place (with the SQL that {@code query} generates) that speaks SQL. Also
 * Prodlab's own places on disk ({@link io.prodlab.store.AppPaths}, {@link io.prodlab.store.TempFiles})
 * and what DuckDB's native library needs ({@link io.prodlab.store.NativeLibrary}).
 */
package io.prodlab.store;
