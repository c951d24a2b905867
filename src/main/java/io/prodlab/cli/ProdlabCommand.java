package io.prodlab.cli;

import io.prodlab.store.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/** The root command; with no subcommand the launcher opens the desktop app instead. */
@Command(name = "prodlab",
        mixinStandardHelpOptions = true,
        versionProvider = ProdlabCommand.VersionProvider.class,
        description = "Turn production traces into an experiment lab. With no command, opens the desktop app.",
        subcommands = {GuiCommand.class, DemoCommand.class, ImportCommand.class, QueryCommand.class,
                ServicesCommand.class, CompareCommand.class, MapCommand.class, TracesCommand.class, TraceCommand.class,
                CheckCommand.class, ExperimentCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:the analysis ran but a check failed that the command was asked to fail on",
                "2:bad usage",
                "3:bad input (file, plan, filter); the message names the file and location",
                "4:workspace problem (missing, newer, locked)",
                "70:internal error in Prodlab (please report it)"})
public final class ProdlabCommand implements Runnable {
    @Mixin
    Options.Verbose verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"prodlab " + Version.current()};
        }
    }
}
