package io.prodlab.stats;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The result of a statistic: either a value or the {@link StatProblem} that prevented it.
 * Degenerate inputs are expected in production data (an empty cohort, a constant latency), so
 * they are values the caller must look at, not exceptions.
 *
 * @param <T> the result record
 */
public sealed interface Outcome<T> permits Outcome.Ok, Outcome.Problem {

    /** A computed result. */
    record Ok<T>(T value) implements Outcome<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** No result, and why; {@code detail} is a short English explanation for logs and tooltips. */
    record Problem<T>(StatProblem kind, String detail) implements Outcome<T> {
        public Problem {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }
    }

    static <T> Outcome<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Outcome<T> problem(StatProblem problem, String detail) {
        return new Problem<>(problem, detail);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The result; throws {@link IllegalStateException} when there is none (check {@link #isOk()}). */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        Problem<T> p = (Problem<T>) this;
        throw new IllegalStateException("no result: " + p.kind() + " (" + p.detail() + ")");
    }

    default Optional<T> result() {
        return this instanceof Ok<T> ok ? Optional.of(ok.value()) : Optional.empty();
    }

    /** The problem, empty when there is a result. */
    default Optional<StatProblem> problem() {
        return this instanceof Problem<T> p ? Optional.of(p.kind()) : Optional.empty();
    }

    default <R> Outcome<R> map(Function<? super T, ? extends R> f) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(f.apply(ok.value()));
        }
        Problem<T> p = (Problem<T>) this;
        return new Problem<>(p.kind(), p.detail());
    }
}
