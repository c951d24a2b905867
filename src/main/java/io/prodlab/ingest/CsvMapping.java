package io.prodlab.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a CSV file's columns are read, as Prodlab recognised it before importing (or with the user's
 * mapping applied): the header, the kind of rows, each field's column, how each time column is read,
 * and whether anything was guessed that the user should confirm.
 *
 * @param columns the header's column names, in order
 * @param kind {@code spans}, {@code exposures}, {@code windows} or {@code metrics}; null when the columns
 *             make none of them (the user must map them)
 * @param fields field → column, the fields the kind uses, in {@link #FIELDS} order
 * @param timeUnits field → how its values are read: {@code ns}, {@code µs}, {@code ms}, {@code s} (since
 *                  1970; durations in that unit) or {@code ISO-8601}
 * @param guesses sentences naming each guess (a unit told by the values' size, a duration without a unit)
 * @param firstRow the first row's values, one per column (empty when the file has no row)
 */
public record CsvMapping(List<String> columns, String kind, Map<String, String> fields, Map<String, String> timeUnits,
                         List<String> guesses, List<String> firstRow) {
    /** Every field a CSV column can be mapped to. */
    public static final List<String> FIELDS = List.copyOf(CsvReader.FIELDS.keySet());
    /** What may follow a field after a colon in a mapping: the time unit of its values. */
    public static final List<String> UNITS = List.of("s", "ms", "us", "ns", "iso");
    /** The fields whose values are times. */
    public static final List<String> TIME_FIELDS = List.of("start", "end", "time");
    /** The fields each kind needs (one of a pair separated by {@code |}). */
    public static final Map<String, List<String>> REQUIRED = Map.of(
            "spans", List.of("trace_id", "span_id", "start", "end|duration"),
            "exposures", List.of("unit_id", "flag_key", "variant", "time"),
            "windows", List.of("start", "end|duration", "kind|name|target"),
            "metrics", List.of("metric", "value", "time"));

    public CsvMapping {
        columns = List.copyOf(columns);
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        timeUnits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timeUnits));
        guesses = List.copyOf(guesses);
        firstRow = List.copyOf(firstRow);
    }

    /** Whether the file can be imported as it is recognised without the user's word: a kind, nothing guessed. */
    public boolean certain() {
        return kind != null && guesses.isEmpty();
    }

    /** The mapping as {@code --map} takes it ({@code column=field,...}), the units that were read included. */
    public String asOption() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            sb.append(sb.length() == 0 ? "" : ",").append(f.getValue()).append('=').append(f.getKey());
            String unit = timeUnits.get(f.getKey());
            if (unit != null) {
                sb.append(':').append(unit.equals("ISO-8601") ? "iso" : unit.equals("µs") ? "us" : unit);
            }
        }
        return sb.toString();
    }

    /**
     * Parses {@code --map}'s text: {@code column=field[:unit]} pairs separated by commas, into column →
     * {@code field[:unit]}.
     *
     * @throws IllegalArgumentException with a sentence for the user: a pair without {@code =}, an unknown
     *                                  field or unit, a column or field given twice
     */
    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> columnOfField = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.lastIndexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("'" + pair.strip() + "' is not column=field");
            }
            String column = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
            String field = value.contains(":") ? value.substring(0, value.indexOf(':')) : value;
            String unit = value.contains(":") ? value.substring(value.indexOf(':') + 1) : null;
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("'" + field + "' (for column " + column + ") is not a field; the fields "
                        + "are " + String.join(", ", FIELDS));
            }
            if (unit != null && !UNITS.contains(unit)) {
                throw new IllegalArgumentException("'" + unit + "' (for column " + column + ") is not a time unit; use "
                        + String.join(", ", UNITS));
            }
            if (unit != null && !TIME_FIELDS.contains(field) && !field.equals("duration")) {
                throw new IllegalArgumentException("column " + column + ": " + field + " is not a time, so it takes no unit");
            }
            if (out.containsKey(column)) {
                throw new IllegalArgumentException("column " + column + " is mapped twice");
            }
            String earlier = columnOfField.put(field, column);
            if (earlier != null) {
                throw new IllegalArgumentException("field " + field + " is given two columns (" + earlier + " and "
                        + column + ")");
            }
            out.put(column, unit == null ? field : field + ":" + unit);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no column=field pair given");
        }
        return out;
    }

    /** The kind of rows these fields make ({@code spans}, ...), as the reader decides it; null for none. */
    public static String kindOf(java.util.Collection<String> fields) {
        Map<String, Integer> m = new LinkedHashMap<>();
        int i = 0;
        for (String f : fields) {
            m.put(f, i++);
        }
        CsvReader.Kind k = CsvReader.kind(m);
        return k == null ? null : k.noun;
    }

    /** What a kind still needs of a set of fields, for messages ({@code "end or duration"}). */
    public static List<String> missingFor(String kind, java.util.Set<String> fields) {
        List<String> missing = new ArrayList<>();
        for (String need : REQUIRED.getOrDefault(kind, List.of())) {
            boolean any = false;
            for (String alt : need.split("\\|")) {
                any |= fields.contains(alt);
            }
            if (!any) {
                missing.add(need.replace("|", " or "));
            }
        }
        return missing;
    }
}
