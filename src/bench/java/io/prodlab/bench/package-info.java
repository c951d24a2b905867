/**
 * The import benchmark ({@code prodlab bench}) and the writer of its synthetic OTLP/JSON data. Not part
 * of the product: it lives in src/bench, is compiled and tested as test code by every build, and is put
 * into a jar only by the Maven profile {@code bench} (docs/BENCHMARKS.md).
 */
package io.prodlab.bench;
