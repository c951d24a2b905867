package io.prodlab.experiment;

/**
 * A metric's statistic in a baseline and a candidate cohort and the difference between them,
 * with its confidence interval.
 *
 * @param baselineValue the statistic in the baseline (ms for latency, a fraction for error rate,
 *     per second for throughput)
 * @param difference candidate minus baseline, in the metric's unit
 * @param standardError of the difference (from the interval when the method gives no other)
 * @param p the two-sided p-value of no difference, NaN when the method gives none (the bootstrap)
 * @param relative the difference over the baseline value, a fraction; NaN when the baseline is 0
 * @param method how the interval was made ({@code welch}, {@code bootstrap}, {@code two_proportion}, {@code poisson})
 * @param problem why there is no estimate (too few observations, ...), or null when there is one
 */
public record Estimate(String metric, String statistic, long baselineN, long candidateN, double baselineValue,
                       double candidateValue, double difference, double ciLow, double ciHigh, double confidence,
                       double standardError, double p, double relative, double relativeLow, double relativeHigh,
                       String method, String problem) {

    static Estimate none(String metric, String statistic, long nb, long nc, String problem) {
        return new Estimate(metric, statistic, nb, nc, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "none", problem);
    }

    public boolean ok() {
        return problem == null;
    }

    /** The unit the metric's values are in, for sentences and tables. */
    public String unit() {
        return switch (metric) {
            case "latency" -> "ms";
            case "error_rate" -> "";
            case "throughput" -> "/s";
            default -> "";
        };
    }
}
