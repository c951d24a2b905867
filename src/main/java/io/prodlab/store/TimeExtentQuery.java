package io.prodlab.store;

import java.util.Optional;

/** When the workspace's spans happened: the first start and the last end. */
public final class TimeExtentQuery {
    /** [firstStartNs, lastEndNs] of every span. */
    public record Extent(long firstStartNs, long lastEndNs) {
        public long durationNs() {
            return lastEndNs - firstStartNs;
        }
    }

    private final Workspace ws;

    public TimeExtentQuery(Workspace ws) {
        this.ws = ws;
    }

    /** The spans' extent; empty when the workspace has no span. */
    public Optional<Extent> spans() throws WorkspaceException {
        return ws.sql().query("find the time range of the spans",
                "select min(start_ns), max(greatest(end_ns, start_ns)), count(*) from spans", rs -> {
                    rs.next();
                    return rs.getLong(3) == 0 ? Optional.empty()
                            : Optional.of(new Extent(rs.getLong(1), rs.getLong(2)));
                });
    }
}
