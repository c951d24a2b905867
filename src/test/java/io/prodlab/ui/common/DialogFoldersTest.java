package io.prodlab.ui.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DialogFoldersTest {
    @TempDir
    Path dir;

    @Test
    void theFirstDialogOpensInTheHomeFolderNotTheWorkingFolder() {
        assertEquals(new java.io.File(System.getProperty("user.home")), new DialogFolders().initial());
        assertEquals(dir.toFile(), new DialogFolders(dir.toFile()).initial());
    }

    @Test
    void laterDialogsOpenWhereTheLastPickWas() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Path exports = Files.createDirectories(dir.resolve("data/exports"));
        DialogFolders folders = new DialogFolders(home.toFile());

        folders.used(exports.resolve("a.json"));
        assertEquals(exports.toFile(), folders.initial());

        folders.used(exports.toFile()); // a picked folder: open beside it next time
        assertEquals(dir.resolve("data").toFile(), folders.initial());
    }

    @Test
    void aLastFolderThatIsGoneFallsBackToHome() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Path gone = Files.createDirectory(dir.resolve("gone"));
        DialogFolders folders = new DialogFolders(home.toFile());
        folders.used(gone.resolve("x.prodlab"));
        Files.delete(gone);

        assertEquals(home.toFile(), folders.initial());
    }
}
