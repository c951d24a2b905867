package io.prodlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code query --help} names every table a workspace has, so that it stays true as migrations add them. */
class QueryHelpTest {
    @Test
    void theHelpNamesEveryTableOfAWorkspace(@TempDir Path dir) {
        Path ws = dir.resolve("w.prodlab");
        assertEquals(0, CliRun.of("import", "-w", ws.toString(), "sample-data/traces.otlp.jsonl.gz").exit());
        CliRun tables = CliRun.of("query", "-w", ws.toString(), "--format", "csv",
                "select table_name from information_schema.tables where table_schema = 'main' order by 1");
        assertEquals(0, tables.exit(), tables.err());
        List<String> names = tables.out().replace("\r\n", "\n").lines().skip(1).toList();
        assertTrue(names.size() >= 13, names.toString());
        String help = CliRun.of("query", "--help").out().replaceAll("\\s+", " ");
        for (String t : names) {
            assertTrue(help.contains(" " + t + ",") || help.contains(" " + t + ")"), t + " missing from: " + help);
        }
    }
}
