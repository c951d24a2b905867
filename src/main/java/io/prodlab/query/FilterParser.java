package io.prodlab.query;

import io.prodlab.query.Filter.Expr;
import io.prodlab.query.Filter.Field;
import io.prodlab.query.Filter.Op;
import io.prodlab.query.Filter.Scope;
import io.prodlab.query.Filter.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a filter expression (DESIGN.md's grammar) into a {@link Filter.Expr}: a hand-written
 * lexer and recursive-descent parser, so that every error can say the column and what was
 * expected there.
 *
 * <pre>
 * expr    := or_expr
 * or_expr := and_expr ("or" and_expr)*
 * and_expr:= unary ("and" unary)*
 * unary   := "not" unary | "(" expr ")" | "event" "(" expr ")" | field "exists" | comparison
 * comparison := field op value | field "in" "(" value ("," value)* ")"
 * </pre>
 */
public final class FilterParser {
    private enum Kind { LPAREN, RPAREN, COMMA, OP, STRING, NUMBER, DURATION, WORD, END }

    private record Token(Kind kind, String text, int column, Object value) {
        String describe() {
            return kind == Kind.END ? "end of input" : "'" + text + "'";
        }

        boolean isKeyword(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }
    }

    private static final List<String> KEYWORDS = List.of("and", "or", "not", "exists", "in", "true", "false");

    private final String source;
    private final List<Token> tokens;
    private int pos;

    private FilterParser(String source) throws FilterSyntaxException {
        this.source = source;
        this.tokens = lex(source);
    }

    /** Parses {@code text}; an empty or blank text is an error (there is nothing to filter by). */
    public static Expr parse(String text) throws FilterSyntaxException {
        FilterParser p = new FilterParser(text == null ? "" : text);
        if (p.peek().kind() == Kind.END) {
            throw new FilterSyntaxException(1, "expected a filter such as service.name = \"checkout\", found end of input");
        }
        Expr e = p.orExpr();
        Token t = p.peek();
        if (t.kind() != Kind.END) {
            throw new FilterSyntaxException(t.column(), "expected 'and', 'or' or the end of the filter, found "
                    + t.describe());
        }
        return e;
    }

    // --- parser ----------------------------------------------------------------------------

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private Expr orExpr() throws FilterSyntaxException {
        int column = peek().column();
        List<Expr> terms = new ArrayList<>();
        terms.add(andExpr());
        while (peek().isKeyword("or")) {
            next();
            terms.add(andExpr());
        }
        return terms.size() == 1 ? terms.get(0) : new Filter.Or(List.copyOf(terms), column);
    }

    private Expr andExpr() throws FilterSyntaxException {
        int column = peek().column();
        List<Expr> terms = new ArrayList<>();
        terms.add(unary());
        while (peek().isKeyword("and")) {
            next();
            terms.add(unary());
        }
        return terms.size() == 1 ? terms.get(0) : new Filter.And(List.copyOf(terms), column);
    }

    private Expr unary() throws FilterSyntaxException {
        Token t = peek();
        if (t.isKeyword("not")) {
            next();
            return new Filter.Not(unary(), t.column());
        }
        if (t.kind() == Kind.LPAREN) {
            next();
            Expr inner = orExpr();
            Token close = next();
            if (close.kind() != Kind.RPAREN) {
                throw new FilterSyntaxException(close.column(), "expected ')' to close the '(' at column " + t.column()
                        + ", found " + close.describe());
            }
            return inner;
        }
        if (t.isKeyword("event") && tokens.get(pos + 1).kind() == Kind.LPAREN) {
            // a field named "event" is followed by an operator, never by '(': no ambiguity
            next();
            Token open = next();
            Expr inner = orExpr();
            Token close = next();
            if (close.kind() != Kind.RPAREN) {
                throw new FilterSyntaxException(close.column(), "expected ')' to close the 'event(' at column "
                        + open.column() + ", found " + close.describe());
            }
            return new Filter.HasEvent(inner, t.column());
        }
        Field field = field();
        Token op = next();
        if (op.isKeyword("exists")) {
            return new Filter.Exists(field, field.column());
        }
        if (op.isKeyword("in")) {
            return in(field);
        }
        if (op.kind() != Kind.OP) {
            throw new FilterSyntaxException(op.column(), "expected an operator (=, !=, <, <=, >, >=, =~, !~), 'in' or "
                    + "'exists' after " + field.display() + ", found " + op.describe());
        }
        Value v = value(op);
        return new Filter.Compare(field, (Op) op.value(), v, field.column());
    }

    private Expr in(Field field) throws FilterSyntaxException {
        Token open = next();
        if (open.kind() != Kind.LPAREN) {
            throw new FilterSyntaxException(open.column(), "expected '(' after 'in', found " + open.describe());
        }
        List<Value> values = new ArrayList<>();
        Token after = open;
        while (true) {
            values.add(value(after));
            Token sep = next();
            if (sep.kind() == Kind.RPAREN) {
                break;
            }
            if (sep.kind() != Kind.COMMA) {
                throw new FilterSyntaxException(sep.column(), "expected ',' or ')' in the list of values, found "
                        + sep.describe());
            }
            after = sep;
        }
        return new Filter.In(field, List.copyOf(values), field.column());
    }

    private Field field() throws FilterSyntaxException {
        Token t = next();
        if (t.kind() == Kind.STRING) {
            return new Field(Scope.ANY, (String) t.value(), t.column());
        }
        if (t.kind() != Kind.WORD || KEYWORDS.contains(t.text().toLowerCase(Locale.ROOT))) {
            throw new FilterSyntaxException(t.column(), "expected a field name (such as service.name, "
                    + "span.http.route or \"a quoted name\"), found " + t.describe());
        }
        String word = t.text();
        for (Scope scope : new Scope[] {Scope.SPAN, Scope.RESOURCE}) {
            String prefix = scope.name().toLowerCase(Locale.ROOT) + ".";
            if (word.regionMatches(true, 0, prefix, 0, prefix.length())) {
                if (word.length() == prefix.length()) {
                    Token quoted = peek();
                    if (quoted.kind() == Kind.STRING && quoted.column() == t.column() + word.length()) {
                        next();
                        return new Field(scope, (String) quoted.value(), t.column());
                    }
                    throw new FilterSyntaxException(t.column() + word.length(), "expected an attribute name after '"
                            + prefix + "', found " + quoted.describe());
                }
                return new Field(scope, word.substring(prefix.length()), t.column());
            }
        }
        return new Field(Scope.ANY, word, t.column());
    }

    private Value value(Token after) throws FilterSyntaxException {
        Token t = next();
        String expected = "expected a value (a \"string\", a number, a duration such as 250ms, true or false) after '"
                + after.text() + "', found " + t.describe();
        return switch (t.kind()) {
            case STRING -> new Filter.Text((String) t.value(), t.column());
            case NUMBER -> new Filter.Number((Double) t.value(), t.text(), t.column());
            case DURATION -> new Filter.Duration((Long) t.value(), t.text(), t.column());
            case WORD -> {
                if (t.isKeyword("true") || t.isKeyword("false")) {
                    yield new Filter.Bool(t.isKeyword("true"), t.column());
                }
                if (KEYWORDS.contains(t.text().toLowerCase(Locale.ROOT))) {
                    throw new FilterSyntaxException(t.column(), expected);
                }
                yield new Filter.Word(t.text(), t.column());
            }
            default -> throw new FilterSyntaxException(t.column(), expected);
        };
    }

    // --- lexer -----------------------------------------------------------------------------

    private static List<Token> lex(String s) throws FilterSyntaxException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int col = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, "(", col, null));
                i++;
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, ")", col, null));
                i++;
            } else if (c == ',') {
                out.add(new Token(Kind.COMMA, ",", col, null));
                i++;
            } else if (c == '=' || c == '!' || c == '<' || c == '>') {
                String two = i + 1 < n ? s.substring(i, i + 2) : "";
                Op op = switch (two) {
                    case "=~" -> Op.MATCH;
                    case "!~" -> Op.NOT_MATCH;
                    case "!=" -> Op.NE;
                    case "<=" -> Op.LE;
                    case ">=" -> Op.GE;
                    default -> null;
                };
                if (op != null) {
                    out.add(new Token(Kind.OP, two, col, op));
                    i += 2;
                } else if (c == '!') {
                    throw new FilterSyntaxException(col, "expected '!=' or '!~', found '!'; use 'not' to negate");
                } else {
                    op = c == '=' ? Op.EQ : c == '<' ? Op.LT : Op.GT;
                    out.add(new Token(Kind.OP, String.valueOf(c), col, op));
                    i++;
                }
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                int j = i + 1;
                boolean closed = false;
                while (j < n) {
                    char d = s.charAt(j);
                    if (d == '"') {
                        closed = true;
                        j++;
                        break;
                    }
                    if (d == '\\') {
                        if (j + 1 >= n) {
                            break;
                        }
                        char e = s.charAt(j + 1);
                        switch (e) {
                            case '"', '\\', '/' -> sb.append(e);
                            case 'n' -> sb.append('\n');
                            case 't' -> sb.append('\t');
                            case 'r' -> sb.append('\r');
                            case 'u' -> {
                                if (j + 6 > n || !s.substring(j + 2, j + 6).matches("[0-9A-Fa-f]{4}")) {
                                    throw new FilterSyntaxException(j + 1, "expected four hex digits after '\\u'");
                                }
                                sb.append((char) Integer.parseInt(s.substring(j + 2, j + 6), 16));
                                j += 4;
                            }
                            default -> throw new FilterSyntaxException(j + 1, "unknown escape '\\" + e
                                    + "' in a string (use \\\" \\\\ \\n \\t \\r or \\uXXXX)");
                        }
                        j += 2;
                        continue;
                    }
                    sb.append(d);
                    j++;
                }
                if (!closed) {
                    throw new FilterSyntaxException(col, "the string that starts here has no closing '\"'");
                }
                out.add(new Token(Kind.STRING, s.substring(i, j), col, sb.toString()));
                i = j;
            } else if (Character.isDigit(c) || (c == '-' || c == '.') && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                int j = i + 1;
                while (j < n && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.')) {
                    j++;
                }
                if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E') && j + 1 < n
                        && (Character.isDigit(s.charAt(j + 1)) || (s.charAt(j + 1) == '-' || s.charAt(j + 1) == '+')
                        && j + 2 < n && Character.isDigit(s.charAt(j + 2)))) {
                    j += 2;
                    while (j < n && Character.isDigit(s.charAt(j))) {
                        j++;
                    }
                }
                String number = s.substring(i, j);
                double value;
                try {
                    value = Double.parseDouble(number);
                } catch (NumberFormatException e) {
                    throw new FilterSyntaxException(col, "'" + number + "' is not a number");
                }
                int u = j;
                while (u < n && (Character.isLetter(s.charAt(u)) || s.charAt(u) == 'µ')) {
                    u++;
                }
                if (u == j) {
                    out.add(new Token(Kind.NUMBER, number, col, value));
                } else {
                    String unit = s.substring(j, u);
                    out.add(new Token(Kind.DURATION, s.substring(i, u), col, nanos(value, unit, j + 1)));
                }
                i = u;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || "_.-/".indexOf(s.charAt(j)) >= 0)) {
                    j++;
                }
                out.add(new Token(Kind.WORD, s.substring(i, j), col, null));
                i = j;
            } else {
                throw new FilterSyntaxException(col, "unexpected character '" + c + "'");
            }
        }
        out.add(new Token(Kind.END, "", n + 1, null));
        return out;
    }

    private static long nanos(double value, String unit, int column) throws FilterSyntaxException {
        double factor = switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> throw new FilterSyntaxException(column, "unknown duration unit '" + unit
                    + "' (use ns, us, ms, s, m or h)");
        };
        double ns = value * factor;
        if (!Double.isFinite(ns) || Math.abs(ns) > 9.2e18) {
            throw new FilterSyntaxException(column, "the duration is too large");
        }
        return Math.round(ns);
    }
}
