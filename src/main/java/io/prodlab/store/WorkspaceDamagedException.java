package io.prodlab.store;

/**
 * The workspace file is damaged (a block fails its checksum, the file is shorter than its own
 * header says). Nothing is written to it; the message says how to recover.
 */
public final class WorkspaceDamagedException extends WorkspaceException {
    private static final long serialVersionUID = 1L;

    WorkspaceDamagedException(String message, Throwable cause) {
        super(message, cause);
    }
}
