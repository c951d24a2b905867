/**
 * A deterministic, seeded simulator of a small online shop that writes OpenTelemetry OTLP/JSON
 * trace exports with planted effects (a canary, feature flags, a fault-injection window) and a
 * ground-truth file naming each of them. Entry point: {@link io.prodlab.demo.DemoGenerator}.
 * See docs/sample-data.md and docs/decisions/0003-demo-simulator.md.
 */
package io.prodlab.demo;
