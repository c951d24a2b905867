package io.prodlab.query;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Writes filter-language text for code that builds filters (cohort shortcuts): string literals
 * with the parser's escapes and field names that read back as the same field, quoted where the
 * bare form would mean something else. {@code FilterParser.parse(FilterText.string(s))} reads
 * {@code s} back exactly.
 */
public final class FilterText {
    private static final Pattern BARE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-/]*");
    private static final List<String> RESERVED = List.of("and", "or", "not", "exists", "in", "true", "false", "event",
            "name", "kind", "status", "duration", "service.name", "service.version", "trace.root");

    private FilterText() {
    }

    /** {@code "text"} with {@code \" \\ \n \t \r} and other control characters as {@code \\uXXXX}. */
    public static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** A span attribute: {@code span.KEY}, or {@code span."KEY"} when KEY is no bare name. */
    public static String spanAttribute(String key) {
        return "span." + (BARE.matcher(key).matches() ? key : string(key));
    }

    /** A resource attribute: {@code resource.KEY}, or {@code resource."KEY"}. */
    public static String resourceAttribute(String key) {
        return "resource." + (BARE.matcher(key).matches() ? key : string(key));
    }

    /**
     * An event attribute inside {@code event(...)}: the bare name, or the quoted one when the bare
     * name is a keyword or an intrinsic. (An event attribute called {@code name} cannot be written:
     * inside {@code event(...)} that is the event's name.)
     */
    public static String eventAttribute(String key) {
        return BARE.matcher(key).matches() && !RESERVED.contains(key.toLowerCase(Locale.ROOT)) ? key : string(key);
    }

    /** A JSON scalar as a filter value: a string literal, a number or true/false. */
    public static String value(String type, String text) {
        return switch (type) {
            case "number", "bool" -> text;
            default -> string(text);
        };
    }
}
