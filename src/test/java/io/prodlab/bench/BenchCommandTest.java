package io.prodlab.bench;

import io.prodlab.cli.BenchCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void refusesZeroRunsAsBadUsage() {
        assertEquals(2, new CommandLine(new BenchCommand()).execute("--runs", "0", "--dir", dir.toString()));
    }

    @Test
    void refusesMissingFileAsBadInput() {
        assertEquals(3, new CommandLine(new BenchCommand()).execute("--file", dir.resolve("none.jsonl").toString(),
                "--dir", dir.toString()));
    }
}
