package io.prodlab.cli;

import io.prodlab.ingest.DemoWorkspaceService;
import io.prodlab.ingest.ImportListener;
import io.prodlab.ingest.ImportService;
import io.prodlab.store.AppPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Build the demo workspace from the bundled sample data and open it.",
                "The workspace lives under the user's data folder; sample data already imported is not imported again."},
        subcommands = DemoGenerateCommand.class)
final class DemoCommand implements Callable<Integer> {
    private final GuiOpener gui;

    @Mixin
    Options.Verbose verbose;

    @Option(names = "--no-gui", description = "Only build the workspace and print where it is.")
    boolean noGui;

    @Spec
    CommandSpec spec;

    DemoCommand(GuiOpener gui) {
        this.gui = gui;
    }

    @Override
    public Integer call() throws Exception {
        DemoWorkspaceService.Result demo = new DemoWorkspaceService(new ImportService()).build(
                AppPaths.demoWorkspace(), AppPaths.sampleDataDir(), ImportListener.NONE,
                () -> Thread.currentThread().isInterrupted());
        if (demo.cancelled()) {
            throw new UsageException("Building the demo workspace " + demo.workspace() + " was interrupted.");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Demo workspace: " + demo.workspace() + " (" + demo.spans() + " spans)");
        out.flush();
        if (!noGui) {
            gui.open(demo.workspace());
        }
        return ExitCode.OK;
    }
}
