package io.prodlab.cli;

import io.prodlab.store.Workspace;
import io.prodlab.store.WorkspaceCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Read every block of a workspace and say whether it is sound.",
                "Exit 0 when every table reads back, 4 (with what is damaged) when not. Read-only: it changes nothing "
                        + "and runs beside the desktop app."})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    Options.WorkspaceOption ws;

    @Mixin
    Options.Verbose verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        WorkspaceCheck.Result result;
        try (Workspace workspace = Workspace.openReadOnly(ws.workspace)) {
            result = new WorkspaceCheck(workspace).run();
        }
        PrintWriter out = spec.commandLine().getOut();
        TextTable t = new TextTable(List.of("table", "rows"));
        result.tables().forEach(r -> t.add(List.of(r.table(), r.rows())));
        t.print(out);
        out.println("Workspace " + ws.workspace + " is sound: " + result.tables().size() + " tables, " + result.rows()
                + " rows, " + result.fileBytes() + " bytes read back.");
        out.flush();
        return ExitCode.OK;
    }
}
