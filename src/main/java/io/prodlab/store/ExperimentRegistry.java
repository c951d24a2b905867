package io.prodlab.store;

import org.duckdb.DuckDBConnection;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pre-registered experiment plans in the workspace ({@code experiments}), the deviations from them
 * seen later ({@code experiment_deviations}) and each look at a result ({@code experiment_looks}).
 * A registration is never changed: later edits of a plan are recorded as deviations beside it.
 */
public final class ExperimentRegistry {
    /** A registered plan. */
    public record Registration(long id, String name, String sha256, String planText, String planJson,
                               Instant registeredAt) {
    }

    /** A recorded deviation: a field of the plan whose value differs from the registered one. */
    public record Deviation(Instant seenAt, String sha256, String field, String registered, String changedTo) {
    }

    /** A recorded look at a result. */
    public record Look(Instant at, String sha256, String verdict) {
    }

    private final Workspace ws;

    public ExperimentRegistry(Workspace ws) {
        this.ws = ws;
    }

    /** The plan registered under {@code name}, or null. */
    public Registration find(String name) throws WorkspaceException {
        return ws.sql().query("read the registered plan",
                "select experiment_id, name, plan_sha256, plan_text, plan_json, registered_at from experiments "
                        + "where name = ?", rs -> rs.next() ? new Registration(rs.getLong(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()) : null,
                name);
    }

    /** Registers a plan; the caller has checked that none of this name exists. */
    public Registration register(String name, String sha256, String planText, String planJson, Instant at)
            throws WorkspaceException {
        write("register the plan", c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into experiments values "
                    + "(nextval('experiment_id_seq'), ?, ?, ?, ?::json, ?)")) {
                ps.setString(1, name);
                ps.setString(2, sha256);
                ps.setString(3, planText);
                ps.setString(4, planJson);
                ps.setTimestamp(5, Timestamp.from(at));
                ps.executeUpdate();
            }
        });
        return find(name);
    }

    /** Records deviations not recorded before for the same plan hash and field, and a look. */
    public void recordRun(long id, String sha256, List<Deviation> deviations, String verdict, Instant at)
            throws WorkspaceException {
        List<Deviation> known = deviations(id);
        write("record the run", c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into experiment_deviations values (?, ?, ?, ?, ?, ?)")) {
                for (Deviation d : deviations) {
                    boolean seen = known.stream().anyMatch(k -> k.sha256().equals(d.sha256())
                            && k.field().equals(d.field()));
                    if (seen) {
                        continue;
                    }
                    ps.setLong(1, id);
                    ps.setTimestamp(2, Timestamp.from(at));
                    ps.setString(3, d.sha256());
                    ps.setString(4, d.field());
                    ps.setString(5, d.registered());
                    ps.setString(6, d.changedTo());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("insert into experiment_looks values (?, ?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setTimestamp(2, Timestamp.from(at));
                ps.setString(3, sha256);
                ps.setString(4, verdict);
                ps.executeUpdate();
            }
        });
    }

    /** Puts back a registration's history as a bundle recorded it: its deviations and looks, with their times. */
    public void restore(long id, List<Deviation> deviations, List<Look> looks) throws WorkspaceException {
        write("restore the plan's history", c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into experiment_deviations values (?, ?, ?, ?, ?, ?)")) {
                for (Deviation d : deviations) {
                    ps.setLong(1, id);
                    ps.setTimestamp(2, Timestamp.from(d.seenAt()));
                    ps.setString(3, d.sha256());
                    ps.setString(4, d.field());
                    ps.setString(5, d.registered());
                    ps.setString(6, d.changedTo());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("insert into experiment_looks values (?, ?, ?, ?)")) {
                for (Look l : looks) {
                    ps.setLong(1, id);
                    ps.setTimestamp(2, Timestamp.from(l.at()));
                    ps.setString(3, l.sha256());
                    ps.setString(4, l.verdict());
                    ps.executeUpdate();
                }
            }
        });
    }

    public List<Deviation> deviations(long id) throws WorkspaceException {
        return ws.sql().query("read the plan's deviations", "select seen_at, plan_sha256, field, registered, changed_to "
                + "from experiment_deviations where experiment_id = ? order by seen_at, field", rs -> {
                    List<Deviation> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Deviation(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5)));
                    }
                    return out;
                }, id);
    }

    public List<Look> looks(long id) throws WorkspaceException {
        return ws.sql().query("read the plan's looks", "select looked_at, plan_sha256, verdict from experiment_looks "
                + "where experiment_id = ? order by looked_at", rs -> {
                    List<Look> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Look(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3)));
                    }
                    return out;
                }, id);
    }

    private interface Body {
        void run(DuckDBConnection c) throws SQLException;
    }

    private void write(String what, Body body) throws WorkspaceException {
        WriteAccess.inTransaction(ws, what, c -> {
            body.run(c);
            return null;
        });
    }
}
