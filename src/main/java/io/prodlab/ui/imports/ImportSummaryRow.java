package io.prodlab.ui.imports;

import io.prodlab.ingest.FileImportResult;
import io.prodlab.store.ImportExtentQuery;
import io.prodlab.store.ImportInfo;
import io.prodlab.ui.common.TimeRangeModel;

import java.util.List;
import java.util.OptionalLong;

/**
 * One line of the Import view's summary: a file the last run handled, or (before any run) a
 * file the workspace holds.
 *
 * @param status a code: {@code imported}, {@code skipped}, {@code refused}, {@code cancelled}, ...
 * @param importId the {@code imports} row that holds this file's rejected records, when there is one
 * @param firstNs the earliest time of what the file stored; null when unknown or untimed
 * @param lastNs the latest
 * @param services the services its records name, sorted
 */
public record ImportSummaryRow(String path, String format, String status, long spans, long events, long links,
                               long logs, long metricPoints, long annotations, long exposures, long duplicates,
                               long rejected, String message, OptionalLong importId, Long firstNs, Long lastNs,
                               List<String> services) {

    public ImportSummaryRow {
        services = services == null ? List.of() : List.copyOf(services);
    }

    /** A row with spans, events and links only (the shape before the other signals were shown). */
    public ImportSummaryRow(String path, String format, String status, long spans, long events, long links,
                            long rejected, String message, OptionalLong importId) {
        this(path, format, status, spans, events, links, 0, 0, 0, 0, 0, rejected, message, importId, null, null,
                List.of());
    }

    public static ImportSummaryRow of(FileImportResult r, OptionalLong importId) {
        ImportExtentQuery.Extent e = r.extent();
        OptionalLong id = importId.isPresent() || r.importId() <= 0 ? importId : OptionalLong.of(r.importId());
        return new ImportSummaryRow(r.path(), r.format(), r.status().code(), r.spans(), r.events(), r.links(), r.logs(),
                r.metricPoints(), r.annotations(), r.exposures(), r.duplicates(), r.rejected(),
                nullToEmpty(r.message()), id, e == null ? null : e.firstNs(), e == null ? null : e.lastNs(),
                e == null ? List.of() : e.services());
    }

    public static ImportSummaryRow of(ImportInfo i) {
        return of(i, null);
    }

    /** A file the workspace holds, with the time range and services of what it stored when known. */
    public static ImportSummaryRow of(ImportInfo i, ImportExtentQuery.Extent e) {
        var c = i.counts();
        return new ImportSummaryRow(i.path(), i.format(), i.status(), i.spans(), i.events(), i.links(),
                c == null ? 0 : c.logs(), c == null ? 0 : c.metricPoints(), c == null ? 0 : c.annotations(),
                c == null ? 0 : c.exposures(), c == null ? 0 : c.duplicates(), i.rejected(), nullToEmpty(i.message()),
                OptionalLong.of(i.importId()), e == null ? null : e.firstNs(), e == null ? null : e.lastNs(),
                e == null ? List.of() : e.services());
    }

    /** Records of every kind the file stored. */
    public long records() {
        return spans + logs + metricPoints + annotations + exposures;
    }

    /** What the Status column shows: {@code imported-empty} for a file that landed without a record. */
    public String shownStatus() {
        return "imported".equals(status) && records() == 0 ? "imported-empty" : status;
    }

    /** "2025-10-09 08:53:20 – 09:10:00" (UTC, which the column's header says), or empty when nothing had a time. */
    public String timeRangeText() {
        if (firstNs == null || lastNs == null) {
            return "";
        }
        String w = TimeRangeModel.window(firstNs, lastNs);
        return w.endsWith(" UTC") ? w.substring(0, w.length() - 4) : w;
    }

    /** The services, comma-separated. */
    public String servicesText() {
        return String.join(", ", services);
    }

    /**
     * Why a file was not imported, without the path the importer puts in front ("/long/path/x.json:
     * already imported …" reads "Already imported …"); empty for an imported file, whose counts
     * have their own columns.
     */
    public String reason() {
        if ("imported".equals(status) || message == null || message.isBlank()) {
            return "";
        }
        String text = message;
        String name = fileName();
        int at = name.isEmpty() ? -1 : text.indexOf(name + ": ");
        if (at >= 0) {
            text = text.substring(at + name.length() + 2);
        } else if (path != null && text.startsWith(path + ": ")) {
            text = text.substring(path.length() + 2);
        }
        text = text.strip();
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** The file's name without its folder, for the table. */
    public String fileName() {
        return fileNameOf(path);
    }

    /**
     * The last part of a path as the importer recorded it (a string: it may come from another
     * machine, with either separator); for a file inside a zip, the archive's name and the file's
     * path in it.
     */
    public static String fileNameOf(String path) {
        if (path == null) {
            return "";
        }
        int entry = path.indexOf("!/");
        if (entry > 0) {
            // A file inside an archive keeps its place in it: export.zip!/a/metrics.csv
            return fileNameOf(path.substring(0, entry)) + path.substring(entry);
        }
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
