package io.prodlab.ingest;

import io.prodlab.demo.DemoGenerator;
import io.prodlab.store.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo workspace: built once from the sample data, rebuilt when it holds anything else. */
class DemoWorkspaceServiceTest {
    @TempDir
    Path dir;
    Path samples;
    Path workspace;
    long sampleSpans;
    final DemoWorkspaceService service = new DemoWorkspaceService(new ImportService());

    @BeforeEach
    void smallSampleSet() throws Exception {
        samples = dir.resolve("sample-data");
        sampleSpans = new DemoGenerator().generate(samples, new DemoGenerator.Options(1_500, 11, 200, true)).spans();
        workspace = dir.resolve("data/demo.prodlab");
    }

    @Test
    void buildsTheWorkspaceOnceAndASecondBuildImportsNothing() throws Exception {
        DemoWorkspaceService.Result first = service.build(workspace, samples, ImportListener.NONE, () -> false);
        assertEquals(sampleSpans, first.spans());
        assertFalse(first.rebuilt());
        assertEquals(List.of(FileImportResult.Status.IMPORTED), first.files().stream().map(FileImportResult::status).toList());

        DemoWorkspaceService.Result again = service.build(workspace, samples, ImportListener.NONE, () -> false);
        assertEquals(sampleSpans, again.spans());
        assertFalse(again.rebuilt());
        assertEquals(List.of(FileImportResult.Status.SKIPPED), again.files().stream().map(FileImportResult::status).toList());
        try (Workspace ws = Workspace.openReadOnly(workspace)) {
            assertEquals(1, ws.importLog().imports().size());
        }
    }

    @Test
    void aWorkspaceHoldingOtherDataIsRebuiltNotMixed() throws Exception {
        service.build(workspace, samples, ImportListener.NONE, () -> false);
        try (Workspace ws = Workspace.open(workspace)) {
            IngestTestSupport.importOne(ws, IngestTestSupport.traces("opentelemetry-proto_examples_trace.json"));
            assertEquals(2, ws.importLog().imports().size());
        }
        DemoWorkspaceService.Result r = service.build(workspace, samples, ImportListener.NONE, () -> false);
        assertTrue(r.rebuilt());
        assertEquals(sampleSpans, r.spans());
        try (Workspace ws = Workspace.openReadOnly(workspace)) {
            assertEquals(1, ws.importLog().imports().size());
        }
    }

    @Test
    void aMissingSampleFolderNamesItAndHowToRegenerateItAndCreatesNothing() {
        Path missing = dir.resolve("nowhere");
        ImportException e = assertThrows(ImportException.class,
                () -> service.build(workspace, missing, ImportListener.NONE, () -> false));
        assertTrue(e.getMessage().contains(missing.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("prodlab demo generate " + missing), e.getMessage());
        assertFalse(Files.exists(workspace));
    }

    @Test
    void aSampleFolderWithoutTracesIsRefused() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("README.md"), "no traces here");
        ImportException e = assertThrows(ImportException.class,
                () -> service.build(workspace, empty, ImportListener.NONE, () -> false));
        assertTrue(e.getMessage().contains("has no traces* file"), e.getMessage());
    }

    @Test
    void aSampleFileThatIsNoExportIsBadInputNamingIt() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("traces.txt"), "this is not OTLP");
        ImportException e = assertThrows(ImportException.class,
                () -> service.build(workspace, broken, ImportListener.NONE, () -> false));
        assertTrue(e.getMessage().startsWith("Sample data file " + broken.resolve("traces.txt")), e.getMessage());
    }
}
