package io.prodlab.ui.imports;

import io.prodlab.ingest.FileImportResult;
import io.prodlab.store.ImportInfo;

import java.util.OptionalLong;

/**
 * One line of the Import view's summary: a file the last run handled, or (before any run) a
 * file the workspace holds.
 *
 * @param status a code: {@code imported}, {@code skipped}, {@code refused}, {@code cancelled}, ...
 * @param importId the {@code imports} row that holds this file's rejected records, when there is one
 */
public record ImportSummaryRow(String path, String format, String status, long spans, long events, long links,
                               long rejected, String message, OptionalLong importId) {

    public static ImportSummaryRow of(FileImportResult r, OptionalLong importId) {
        return new ImportSummaryRow(r.path(), r.format(), r.status().code(), r.spans(), r.events(), r.links(),
                r.rejected(), nullToEmpty(r.message()), importId);
    }

    public static ImportSummaryRow of(ImportInfo i) {
        return new ImportSummaryRow(i.path(), i.format(), i.status(), i.spans(), i.events(), i.links(), i.rejected(),
                nullToEmpty(i.message()), OptionalLong.of(i.importId()));
    }

    /** What the Status column shows: {@code imported-empty} for a file that landed without a span. */
    public String shownStatus() {
        return "imported".equals(status) && spans == 0 ? "imported-empty" : status;
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
     * machine, with either separator).
     */
    public static String fileNameOf(String path) {
        if (path == null) {
            return "";
        }
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
