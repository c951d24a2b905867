package io.prodlab.ui.imports;

import io.prodlab.ingest.CsvMapping;
import io.prodlab.ingest.ExportProbe;
import io.prodlab.ingest.ImportHints;
import io.prodlab.store.TimeExtentQuery;
import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.TimeRangeModel;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the user must confirm about one file before it is imported: a CSV's column → field mapping
 * (when the columns make no kind of rows, or a unit was guessed), or the window of fault definitions
 * that carry no time (docs/decisions/0016-fault-definitions-without-time.md). Edited in the Import view;
 * {@link #hints()} is what the importer then reads the file with.
 */
public final class ImportConfirmation {
    /** The choice that leaves a column as an attribute of the record. */
    public static final String ATTRIBUTE = "";
    /** The unit choice that keeps what was detected. */
    public static final String DETECTED = "";

    /** One CSV column: its name, its first value, and the field and unit the user picks. */
    public static final class ColumnChoice {
        private final String column;
        private final String sample;
        private final ObjectProperty<String> field;
        private final ObjectProperty<String> unit = new SimpleObjectProperty<>(this, "unit", DETECTED);

        ColumnChoice(String column, String sample, String field) {
            this.column = column;
            this.sample = sample;
            this.field = new SimpleObjectProperty<>(this, "field", field);
        }

        public String column() {
            return column;
        }

        /** The column's value in the first row, to help the choice. */
        public String sample() {
            return sample;
        }

        /** A field of {@link CsvMapping#FIELDS}, or {@link #ATTRIBUTE}. */
        public ObjectProperty<String> fieldProperty() {
            return field;
        }

        /** A unit of {@link CsvMapping#UNITS} for a time field, or {@link #DETECTED}. */
        public ObjectProperty<String> unitProperty() {
            return unit;
        }

        /** Whether the field is a time (or a duration), so a unit may be picked. */
        public boolean takesUnit() {
            String f = field.get();
            return f != null && (CsvMapping.TIME_FIELDS.contains(f) || f.equals("duration"));
        }
    }

    private final Path file;
    private final ExportProbe.Recognition recognition;
    private final Messages messages;
    private final List<ColumnChoice> columns = new ArrayList<>();
    private final StringProperty windowStart = new SimpleStringProperty(this, "windowStart", "");
    private final StringProperty windowEnd = new SimpleStringProperty(this, "windowEnd", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper mappingText = new ReadOnlyStringWrapper(this, "mappingText", "");

    /** @param data the workspace's span range, the window's default; null for none */
    ImportConfirmation(ExportProbe.Recognition recognition, TimeExtentQuery.Extent data, Messages messages) {
        this.file = Path.of(recognition.path());
        this.recognition = recognition;
        this.messages = messages;
        CsvMapping csv = recognition.csv();
        if (csv != null) {
            Map<String, String> fieldOf = new LinkedHashMap<>();
            csv.fields().forEach((field, column) -> fieldOf.put(column, field));
            for (int i = 0; i < csv.columns().size(); i++) {
                String c = csv.columns().get(i);
                String sample = i < csv.firstRow().size() ? csv.firstRow().get(i) : "";
                ColumnChoice choice = new ColumnChoice(c, sample, fieldOf.getOrDefault(c, ATTRIBUTE));
                String detected = csv.timeUnits().get(choice.fieldProperty().get());
                if (detected != null) {
                    choice.unitProperty().set(detected.equals("ISO-8601") ? "iso" : detected.equals("µs") ? "us" : detected);
                }
                choice.fieldProperty().addListener((o, a, b) -> update());
                choice.unitProperty().addListener((o, a, b) -> update());
                columns.add(choice);
            }
        }
        if (asksWindow()) {
            defaultWindow(data);
        }
        windowStart.addListener((o, a, b) -> update());
        windowEnd.addListener((o, a, b) -> update());
        update();
    }

    /** Sets the window to the data's range, unless the user has typed one. */
    void defaultWindow(TimeExtentQuery.Extent data) {
        if (data != null && windowStart.get().isBlank() && windowEnd.get().isBlank()) {
            windowStart.set(TimeRangeModel.text(data.firstStartNs()));
            windowEnd.set(TimeRangeModel.text(data.lastEndNs()));
        }
    }

    public Path file() {
        return file;
    }

    public String fileName() {
        return ImportSummaryRow.fileNameOf(recognition.path());
    }

    public ExportProbe.Recognition recognition() {
        return recognition;
    }

    /** Whether a CSV mapping is asked for. */
    public boolean asksMapping() {
        return recognition.csv() != null && !recognition.csv().certain();
    }

    /** Whether a fault window is asked for. */
    public boolean asksWindow() {
        return !recognition.untimedFaults().isEmpty();
    }

    /** Why it is asked: what was guessed, or which definitions carry no time. */
    public String question() {
        if (asksWindow()) {
            return messages.format("import.confirm.window.why", String.join(", ", recognition.untimedFaults()));
        }
        CsvMapping csv = recognition.csv();
        return csv.kind() == null ? messages.get("import.confirm.mapping.none")
                : messages.format("import.confirm.mapping.guessed", String.join("; ", csv.guesses()));
    }

    public List<ColumnChoice> columns() {
        return columns;
    }

    /** The window's start as text (UTC, {@code 2025-10-09 08:53:20}). */
    public StringProperty windowStartProperty() {
        return windowStart;
    }

    /** The window's end as text; empty for an open window. */
    public StringProperty windowEndProperty() {
        return windowEnd;
    }

    /** What is wrong with the choices, or empty when the file can be imported with them. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** What the mapping makes, as the user edits it ("Rows of metrics."). */
    public ReadOnlyStringProperty mappingTextProperty() {
        return mappingText.getReadOnlyProperty();
    }

    public boolean isValid() {
        return problem.get().isEmpty();
    }

    /** What the importer reads the file with. */
    public ImportHints.ForFile hints() {
        Map<String, String> mapping = new LinkedHashMap<>();
        if (asksMapping()) {
            for (ColumnChoice c : columns) {
                String f = c.fieldProperty().get();
                if (f != null && !f.equals(ATTRIBUTE)) {
                    String u = c.unitProperty().get();
                    mapping.put(c.column(), c.takesUnit() && u != null && !u.equals(DETECTED) ? f + ":" + u : f);
                }
            }
        }
        ImportHints.TimeWindow w = null;
        if (asksWindow()) {
            Long start = TimeRangeModel.dateTime(windowStart.get());
            Long end = windowEnd.get().isBlank() ? null : TimeRangeModel.dateTime(windowEnd.get());
            w = start == null ? null : new ImportHints.TimeWindow(start, end);
        }
        return new ImportHints.ForFile(mapping, w);
    }

    private void update() {
        List<String> errors = new ArrayList<>();
        if (asksMapping()) {
            List<String> fields = new ArrayList<>();
            for (ColumnChoice c : columns) {
                String f = c.fieldProperty().get();
                if (f == null || f.equals(ATTRIBUTE)) {
                    continue;
                }
                if (fields.contains(f)) {
                    errors.add(messages.format("import.confirm.error.twice", f));
                }
                fields.add(f);
            }
            String kind = CsvMapping.kindOf(fields);
            if (kind == null) {
                mappingText.set(messages.get("import.confirm.mapping.no-kind"));
                errors.add(messages.format("import.confirm.error.no-kind", missing(fields)));
            } else {
                mappingText.set(messages.format("import.confirm.mapping.kind", messages.get("import.kind." + kind)));
            }
        }
        if (asksWindow()) {
            Long start = TimeRangeModel.dateTime(windowStart.get());
            Long end = windowEnd.get().isBlank() ? null : TimeRangeModel.dateTime(windowEnd.get());
            if (start == null) {
                errors.add(messages.format("import.confirm.error.time", messages.get("import.confirm.window.start"),
                        windowStart.get()));
            } else if (!windowEnd.get().isBlank() && end == null) {
                errors.add(messages.format("import.confirm.error.time", messages.get("import.confirm.window.end"),
                        windowEnd.get()));
            } else if (end != null && end < start) {
                errors.add(messages.get("import.confirm.error.order"));
            } else if (start < 0) {
                errors.add(messages.format("import.confirm.error.time", messages.get("import.confirm.window.start"),
                        windowStart.get()));
            }
        }
        problem.set(String.join(" ", errors));
    }

    /** For each kind, what these fields still lack: "metrics: time; spans: trace_id, span_id". */
    private static String missing(List<String> fields) {
        List<String> parts = new ArrayList<>();
        for (String kind : List.of("metrics", "spans", "windows", "exposures")) {
            parts.add(kind + ": " + String.join(", ", CsvMapping.missingFor(kind, new java.util.HashSet<>(fields))));
        }
        return String.join("; ", parts);
    }
}
