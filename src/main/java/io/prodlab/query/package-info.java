/**
 * The filter language that cohorts, scopes, the map and the trace search use (DESIGN.md):
 * {@link io.prodlab.query.FilterParser} reads an expression into {@link io.prodlab.query.Filter}'s
 * tree, {@link io.prodlab.query.FilterCompiler} turns that into a parameterized SQL condition on
 * the {@code spans} table, which the store runs ({@code SpanMatchQuery}). No value the user
 * typed ever reaches SQL text. Depends on store, model and error.
 */
package io.prodlab.query;
