package io.prodlab.ui.imports;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImportSummaryRowTest {
    private static ImportSummaryRow row(String path, String status, long spans, String message) {
        return new ImportSummaryRow(path, "otlp-json", status, spans, 0, 0, 0, message, OptionalLong.empty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /home/ana/exports/2024/notes.txt | refused   | /home/ana/exports/2024/notes.txt: line 1, column 1: expected an export | Line 1, column 1: expected an export
            C:\\\\data\\\\x.json              | skipped   | C:\\\\data\\\\x.json: already imported (import 3)                       | Already imported (import 3)
            /a/b.json                        | cancelled | b.json: import cancelled; nothing of this file was written.             | Import cancelled; nothing of this file was written.
            /a/b.json                        | refused   | cannot be read                                                          | Cannot be read
            /a/b.json                        | imported  | 19 spans, 0 events, 0 links imported; 0 records rejected                |
            """)
    void theReasonLeavesThePathToTheFileColumnAndTheCountsToTheirs(String path, String status, String message,
                                                                 String reason) {
        assertEquals(reason == null ? "" : reason, row(path, status, 19, message).reason());
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            imported,  19, imported
            imported,   0, imported-empty
            skipped,    0, skipped
            cancelled,  0, cancelled
            """)
    void aFileThatBroughtNoSpanIsNotShownAsAPlainImport(String status, long spans, String shown) {
        assertEquals(shown, row("/a.json", status, spans, "").shownStatus());
    }
}
