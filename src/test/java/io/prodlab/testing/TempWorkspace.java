package io.prodlab.testing;

import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A fresh workspace per test, in a folder of its own that is deleted afterwards:
 * <pre>{@code
 * @RegisterExtension
 * final TempWorkspace temp = new TempWorkspace();
 * ... temp.workspace().spanCount() ...   // opened (created) on first use, closed after the test
 * ... temp.path() ...                   // only the file name, for code that creates it itself
 * }</pre>
 */
public final class TempWorkspace implements BeforeEachCallback, AfterEachCallback {
    private Path dir;
    private Workspace workspace;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("prodlab-test-");
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException, WorkspaceException {
        try {
            close();
        } finally {
            deleteTree(dir);
        }
    }

    /** The test's own folder, for other files it needs beside the workspace. */
    public Path dir() {
        return dir;
    }

    /** Where the workspace is (or will be, until {@link #workspace()} creates it). */
    public Path path() {
        return dir.resolve("w" + Workspace.EXTENSION);
    }

    /** The workspace, created and opened for writing on first use. */
    public Workspace workspace() throws WorkspaceException {
        if (workspace == null) {
            workspace = Workspace.openOrCreate(path());
        }
        return workspace;
    }

    /** Closes the workspace (if open), e.g. before another process or command opens the file. */
    public void close() throws WorkspaceException {
        if (workspace != null) {
            Workspace w = workspace;
            workspace = null;
            w.close();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
