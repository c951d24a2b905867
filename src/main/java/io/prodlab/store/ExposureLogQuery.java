package io.prodlab.store;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an exposure (assignment) log says about one flag: who was assigned which variant, why, and
 * under which flag version — the first stage of an experiment, before any trace was recorded. Read
 * from {@code exposures} (exposure files, and the flag evaluations found on spans and logs).
 *
 * <p>A unit is one {@code unit_id}. Its variant, reason and version are those of its first exposure
 * in the window (by time, then by the variant's text, so ties are decided the same way every time);
 * a unit exposed to two or more variants of the flag in the window is counted in {@code
 * multiVariantUnits}.
 */
public final class ExposureLogQuery {
    private final Workspace ws;

    public ExposureLogQuery(Workspace ws) {
        this.ws = ws;
    }

    /**
     * @param rows              exposure records of the flag in the window
     * @param units             distinct units
     * @param unitsByVariant    units by the variant of their first exposure
     * @param multiVariantUnits units exposed to more than one variant
     * @param reasonsByUnit     units by the (lower-case) reason of their first exposure; units with no reason left out
     * @param versions          the flag versions the records name (empty ones left out)
     */
    public record ExposureLog(String flag, long rows, long units, Map<String, Long> unitsByVariant,
                              long multiVariantUnits, Map<String, Long> reasonsByUnit, List<String> versions) {
        public boolean isEmpty() {
            return rows == 0;
        }
    }

    /** The log of {@code flag} over exposures at or after {@code fromNs} and before {@code toNs}. */
    public ExposureLog of(String flag, long fromNs, long toNs) throws WorkspaceException {
        String scoped = "with e as (select unit_id, variant, reason, flag_version, time_ns from exposures"
                + " where flag_key = ? and time_ns >= ? and time_ns < ?),"
                + " u as (select unit_id, count(*) as exposures, count(distinct variant) as variants,"
                + "   arg_min(variant, (time_ns, variant)) as variant, arg_min(reason, (time_ns, variant)) as reason"
                + "   from e group by unit_id)";
        Object[] p = {flag, fromNs, toNs};
        Map<String, Long> byVariant = new TreeMap<>();
        long[] totals = new long[3];
        ws.sql().list("read the exposure log", scoped + " select variant, count(*), count(*) filter (where variants > 1),"
                + " sum(exposures) from u group by variant order by variant", rs -> {
                    byVariant.put(rs.getString(1), rs.getLong(2));
                    totals[0] += rs.getLong(2);
                    totals[1] += rs.getLong(3);
                    totals[2] += rs.getLong(4);
                    return null;
                }, p);
        Map<String, Long> reasons = new TreeMap<>();
        ws.sql().list("read the exposure log's reasons", scoped + " select reason, count(*) from u where reason <> ''"
                + " group by reason", rs -> reasons.merge(rs.getString(1).toLowerCase(Locale.ROOT), rs.getLong(2),
                Long::sum), p);
        TreeSet<String> versions = new TreeSet<>(ws.sql().list("read the exposure log's flag versions",
                scoped + " select distinct flag_version from e where flag_version <> ''", rs -> rs.getString(1), p));
        return new ExposureLog(flag, totals[2], totals[0], byVariant, totals[1], reasons, List.copyOf(versions));
    }
}
