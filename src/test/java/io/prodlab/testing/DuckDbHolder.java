package io.prodlab.testing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A child process for tests: loads DuckDB's native library (unpacked into its {@code java.io.tmpdir}),
 * prints {@code ready}, and holds it until its stdin closes or it is killed — a running Prodlab, as
 * far as the temporary folder can tell.
 */
public final class DuckDbHolder {
    private DuckDbHolder() {
    }

    public static void main(String[] args) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Wait for the parent to close stdin (or kill this process).
            }
        }
    }
}
