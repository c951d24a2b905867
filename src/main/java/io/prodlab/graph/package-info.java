/**
 * The dependency map: which services call which (and the databases, caches, brokers and peers
 * they reach), derived from the spans by the store's {@code DependencyQuery}, with figures per
 * node and edge; DOT output. Depends on query, store, model and error.
 */
package io.prodlab.graph;
