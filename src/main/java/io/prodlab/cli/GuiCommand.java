package io.prodlab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "gui", mixinStandardHelpOptions = true,
        description = "Open the desktop app, on WORKSPACE if given (else the last workspace used).")
final class GuiCommand implements Callable<Integer> {
    private final GuiOpener gui;

    @Mixin
    Options.Verbose verbose;

    @Parameters(index = "0", arity = "0..1", paramLabel = "WORKSPACE", description = "A workspace file.")
    Path workspace;

    GuiCommand(GuiOpener gui) {
        this.gui = gui;
    }

    @Override
    public Integer call() throws Exception {
        if (workspace != null && !Files.isRegularFile(workspace)) {
            throw new io.prodlab.store.WorkspaceException("Workspace " + workspace + " does not exist.");
        }
        gui.open(workspace);
        return ExitCode.OK;
    }
}
