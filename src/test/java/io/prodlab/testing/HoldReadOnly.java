package io.prodlab.testing;

import io.prodlab.store.Workspace;

/**
 * A second process that reads a workspace for as long as its standard input stays open, as a
 * long {@code prodlab query} would: it prints "ready" once it has the file open.
 */
public final class HoldReadOnly {
    private HoldReadOnly() {
    }

    public static void main(String[] args) throws Exception {
        try (Workspace ws = Workspace.openReadOnly(java.nio.file.Path.of(args[0]))) {
            System.out.println("ready " + ws.spanCount());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Hold until the test closes our input.
            }
        }
    }
}
