package io.prodlab.query;

import java.util.List;

/**
 * The parsed form of a filter expression (DESIGN.md's grammar). Every node remembers the column
 * where it starts, so that later checks (types, unknown fields) can point at it.
 */
public final class Filter {
    private Filter() {
    }

    /** Where a field is looked up. */
    public enum Scope {
        /** A bare name: an intrinsic, else span attributes, then resource attributes. */
        ANY,
        /** {@code span.X}: span attributes only. */
        SPAN,
        /** {@code resource.X}: resource attributes only. */
        RESOURCE
    }

    /** Comparison operators. */
    public enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), MATCH("=~"), NOT_MATCH("!~");

        private final String text;

        Op(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** A node of the expression tree. */
    public sealed interface Expr permits And, Or, Not, Exists, Compare, In, HasEvent {
        int column();
    }

    public record And(List<Expr> terms, int column) implements Expr {
    }

    public record Or(List<Expr> terms, int column) implements Expr {
    }

    public record Not(Expr term, int column) implements Expr {
    }

    public record Exists(Field field, int column) implements Expr {
    }

    public record Compare(Field field, Op op, Value value, int column) implements Expr {
    }

    public record In(Field field, List<Value> values, int column) implements Expr {
    }

    /**
     * {@code event(COND)}: the span has a span event (table {@code span_events}) for which
     * {@code COND} holds. Inside, {@code name} is the event's name and every other bare field is
     * one of the event's attributes; the conditions of one {@code event(...)} hold for the same
     * event ({@code event(name = "feature_flag.evaluation" and feature_flag.key = "a")}).
     */
    public record HasEvent(Expr condition, int column) implements Expr {
    }

    /** A field as written: its scope and name (without the scope prefix). */
    public record Field(Scope scope, String name, int column) {
        /** How it was written, for messages: {@code span.http.route}, {@code name}. */
        public String display() {
            return switch (scope) {
                case ANY -> name;
                case SPAN -> "span." + name;
                case RESOURCE -> "resource." + name;
            };
        }
    }

    /** A literal value. */
    public sealed interface Value permits Text, Number, Duration, Bool, Word {
        int column();
    }

    /** A double-quoted string, escapes resolved. */
    public record Text(String text, int column) implements Value {
    }

    public record Number(double value, String literal, int column) implements Value {
    }

    /** A duration literal in nanoseconds ({@code 250ms} = 250,000,000). */
    public record Duration(long nanos, String literal, int column) implements Value {
    }

    public record Bool(boolean value, int column) implements Value {
    }

    /** A bare word, meaningful only for an enumerated intrinsic ({@code kind = server}). */
    public record Word(String word, int column) implements Value {
    }
}
