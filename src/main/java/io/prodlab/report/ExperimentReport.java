package io.prodlab.report;

import io.prodlab.experiment.Check;
import io.prodlab.experiment.Estimate;
import io.prodlab.experiment.ExperimentPlan;
import io.prodlab.experiment.ExperimentResult;
import io.prodlab.experiment.ExperimentResult.MetricVerdict;
import io.prodlab.experiment.Figures;
import io.prodlab.store.ExperimentRegistry;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.IntervalBarRenderer;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An experiment's result as JSON, Markdown or self-contained HTML. The JSON's top-level names
 * ({@code verdict}, {@code primary}, {@code guardrails}, {@code checks}, {@code deviations},
 * {@code plan_sha256}) are a contract.
 */
public final class ExperimentReport {
    /** What a report tells: the plan, its registration, and the result. */
    public record Input(ExperimentPlan plan, ExperimentRegistry.Registration registration, ExperimentResult result) {
    }

    private ExperimentReport() {
    }

    // --- JSON -------------------------------------------------------------------------------

    public static Map<String, Object> json(Input in) {
        ExperimentResult r = in.result();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("experiment", in.plan().name());
        doc.put("verdict", r.verdict());
        doc.put("summary", r.summary());
        doc.put("unit", r.unit());
        doc.put("confidence", r.confidence());
        doc.put("primary", r.primary().isEmpty() ? null : metric(r.primary().get(0)));
        if (r.primary().size() > 1) {
            doc.put("primary_by_candidate", r.primary().stream().map(ExperimentReport::metric).toList());
        }
        doc.put("guardrails", r.guardrails().stream().map(ExperimentReport::metric).toList());
        doc.put("cohorts", r.cohorts().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("units", c.units());
            m.put("observed", c.observed());
            m.put("expected_share", c.expectedShare());
            return m;
        }).toList());
        doc.put("checks", r.checks().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("status", c.status().code());
            m.put("evidence", clean(c.evidence()));
            m.put("message", c.message());
            m.put("why", c.why());
            m.put("next", c.next());
            return m;
        }).toList());
        doc.put("deviations", r.deviations());
        doc.put("plan_sha256", r.planSha256());
        doc.put("registered_at", in.registration() == null ? null : in.registration().registeredAt().toString());
        doc.put("decision_rule", r.decisionRule());
        doc.put("not_said", r.notSaid());
        doc.put("next_steps", r.nextSteps());
        doc.put("warnings", r.warnings());
        return doc;
    }

    private static Map<String, Object> metric(MetricVerdict v) {
        Estimate e = v.estimate();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("candidate", v.candidate());
        m.put("metric", e.metric());
        m.put("statistic", e.statistic());
        m.put("baseline_n", e.baselineN());
        m.put("candidate_n", e.candidateN());
        m.put("baseline_value", finite(e.baselineValue()));
        m.put("candidate_value", finite(e.candidateValue()));
        m.put("difference", finite(e.difference()));
        m.put("ci_low", finite(e.ciLow()));
        m.put("ci_high", finite(e.ciHigh()));
        m.put("relative", finite(e.relative()));
        m.put("relative_ci_low", finite(e.relativeLow()));
        m.put("relative_ci_high", finite(e.relativeHigh()));
        m.put("p", finite(e.p()));
        m.put("method", e.method());
        m.put("margin", finite(v.margin()));
        m.put("decision", v.decision());
        m.put("rule", v.rule());
        m.put("sentence", v.sentence());
        if (e.problem() != null) {
            m.put("problem", e.problem());
        }
        return m;
    }

    /** JSON cannot hold NaN or infinities: they become null, recursively. */
    private static Object clean(Object o) {
        if (o instanceof Double d) {
            return finite(d);
        }
        if (o instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), clean(v)));
            return out;
        }
        if (o instanceof List<?> list) {
            return list.stream().map(ExperimentReport::clean).toList();
        }
        return o;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    // --- Markdown ---------------------------------------------------------------------------

    public static String markdown(Input in) {
        ExperimentPlan p = in.plan();
        ExperimentResult r = in.result();
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(p.name()).append("\n\n");
        sb.append("**Question:** ").append(p.question()).append("  \n");
        if (!p.change().isEmpty()) {
            sb.append("**Change:** ").append(p.change()).append("  \n");
        }
        sb.append("**Study:** ").append(p.template().code()).append(", unit of analysis ").append(r.unit())
                .append(", alpha ").append(num(p.alpha())).append(", power ").append(num(p.power())).append("  \n");
        sb.append("**Registered:** ").append(registered(in)).append("\n\n");
        sb.append("## Verdict: ").append(r.verdict()).append("\n\n").append(r.summary()).append("\n\n");
        sb.append("Decision rule: ").append(r.decisionRule()).append("\n\n");
        sb.append("## Primary metric\n\n");
        metricTable(sb, r.primary());
        if (!r.guardrails().isEmpty()) {
            sb.append("\n## Guardrails\n\n");
            metricTable(sb, r.guardrails());
        }
        sb.append("\n## Bias checks\n\n| check | status | finding |\n|---|---|---|\n");
        for (Check c : r.checks()) {
            sb.append("| ").append(c.id()).append(" | ").append(c.status().code()).append(" | ")
                    .append(cell(c.message())).append(" |\n");
        }
        sb.append("\n## Deviations from the registered plan\n\n");
        if (r.deviations().isEmpty()) {
            sb.append("None.\n");
        }
        r.deviations().forEach(d -> sb.append("- ").append(d).append('\n'));
        sb.append("\n## What this result does not say\n\n");
        r.notSaid().forEach(s -> sb.append("- ").append(s).append('\n'));
        sb.append("\n## Next steps\n\n");
        if (r.nextSteps().isEmpty()) {
            sb.append("- Nothing the checks ask for.\n");
        }
        r.nextSteps().forEach(s -> sb.append("- ").append(s).append('\n'));
        sb.append("\n## Cohorts\n\n| cohort | units | with a metric | expected share |\n|---|---|---|---|\n");
        r.cohorts().forEach(c -> sb.append("| ").append(cell(c.name())).append(" | ").append(c.units()).append(" | ")
                .append(c.observed()).append(" | ").append(c.expectedShare() == null ? "" : num(c.expectedShare()))
                .append(" |\n"));
        sb.append("\n## Why each check matters\n\n");
        for (Check c : r.checks()) {
            sb.append("- **").append(c.id()).append("**: ").append(c.why()).append('\n');
        }
        return sb.toString();
    }

    private static void metricTable(StringBuilder sb, List<MetricVerdict> rows) {
        sb.append("| candidate | metric | baseline | candidate | difference (CI) | relative | p | margin | decision |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (MetricVerdict v : rows) {
            Estimate e = v.estimate();
            sb.append("| ").append(cell(v.candidate())).append(" | ").append(e.metric()).append(' ')
                    .append(e.statistic()).append(" | ").append(num(e.baselineValue())).append(" | ")
                    .append(num(e.candidateValue())).append(" | ").append(num(e.difference())).append(" (")
                    .append(num(e.ciLow())).append(" to ").append(num(e.ciHigh())).append(") | ")
                    .append(Double.isNaN(e.relative()) ? "" : num(100 * e.relative()) + "%").append(" | ")
                    .append(num(e.p())).append(" | ").append(num(v.margin())).append(" | ").append(v.decision())
                    .append(": ").append(cell(v.rule())).append(" |\n");
        }
    }

    // --- HTML -------------------------------------------------------------------------------

    /** A self-contained page: styles inline, the chart as an embedded PNG; no network, no script. */
    public static String html(Input in) throws IOException {
        ExperimentPlan p = in.plan();
        ExperimentResult r = in.result();
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(esc(p.name())).append(" — Prodlab experiment report</title><style>")
                .append("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
                        + "color:#1f2328;line-height:1.45}table{border-collapse:collapse;width:100%;margin:.5rem 0}"
                        + "th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top;"
                        + "font-size:.92rem}th{background:#f6f8fa}.verdict{font-size:1.4rem;padding:.6rem 1rem;"
                        + "border-radius:6px;display:inline-block}.supported{background:#dafbe1}.not_supported"
                        + "{background:#ffebe9}.inconclusive{background:#fff8c5}.invalid{background:#ffd8b5}"
                        + ".pass{color:#1a7f37}.fail{color:#cf222e;font-weight:600}.warn{color:#9a6700}"
                        + ".not_applicable{color:#656d76}pre{background:#f6f8fa;padding:.5rem;overflow:auto;"
                        + "font-size:.8rem}details summary{cursor:pointer}img{max-width:100%}")
                .append("</style></head><body>\n");
        sb.append("<h1>").append(esc(p.name())).append("</h1>\n<p><b>Question:</b> ").append(esc(p.question()))
                .append("<br>");
        if (!p.change().isEmpty()) {
            sb.append("<b>Change:</b> ").append(esc(p.change())).append("<br>");
        }
        sb.append("<b>Study:</b> ").append(esc(p.template().code())).append(", unit of analysis ")
                .append(esc(r.unit())).append(", alpha ").append(num(p.alpha())).append(", power ")
                .append(num(p.power())).append("<br><b>Registered:</b> ").append(esc(registered(in))).append("</p>\n");
        sb.append("<p class=\"verdict ").append(esc(r.verdict())).append("\">Verdict: <b>").append(esc(r.verdict()))
                .append("</b></p>\n<p>").append(esc(r.summary().replaceFirst("^Verdict: [a-z_]+\\. ", "")))
                .append("</p>\n<p><small>Decision rule: ")
                .append(esc(r.decisionRule())).append("</small></p>\n");
        sb.append("<h2>Effects and their intervals</h2>\n<img alt=\"Each metric's difference with its confidence "
                + "interval, against its margin\" src=\"data:image/png;base64,").append(chartPng(r)).append("\">\n");
        sb.append("<h2>Primary metric</h2>\n");
        htmlMetrics(sb, r.primary());
        if (!r.guardrails().isEmpty()) {
            sb.append("<h2>Guardrails</h2>\n");
            htmlMetrics(sb, r.guardrails());
        }
        sb.append("<h2>Bias checks</h2>\n<table><tr><th>check</th><th>status</th><th>finding</th></tr>\n");
        for (Check c : r.checks()) {
            sb.append("<tr><td>").append(esc(c.id())).append("</td><td class=\"").append(c.status().code())
                    .append("\">").append(c.status().code()).append("</td><td>").append(esc(c.message()))
                    .append("<details><summary>why it matters, what to do, the evidence</summary><p>")
                    .append(esc(c.why())).append("</p><p><b>What to do:</b> ").append(esc(c.next()))
                    .append("</p><pre>").append(esc(evidence(c))).append("</pre></details></td></tr>\n");
        }
        sb.append("</table>\n<h2>Deviations from the registered plan</h2>\n<ul>");
        if (r.deviations().isEmpty()) {
            sb.append("<li>None.</li>");
        }
        r.deviations().forEach(d -> sb.append("<li>").append(esc(d)).append("</li>"));
        sb.append("</ul>\n<h2>What this result does not say</h2>\n<ul>");
        r.notSaid().forEach(s -> sb.append("<li>").append(esc(s)).append("</li>"));
        sb.append("</ul>\n<h2>Next steps</h2>\n<ul>");
        if (r.nextSteps().isEmpty()) {
            sb.append("<li>Nothing the checks ask for.</li>");
        }
        r.nextSteps().forEach(s -> sb.append("<li>").append(esc(s)).append("</li>"));
        sb.append("</ul>\n<h2>Cohorts</h2>\n<table><tr><th>cohort</th><th>units</th><th>with a metric</th>"
                + "<th>expected share</th></tr>");
        r.cohorts().forEach(c -> sb.append("<tr><td>").append(esc(c.name())).append("</td><td>").append(c.units())
                .append("</td><td>").append(c.observed()).append("</td><td>")
                .append(c.expectedShare() == null ? "" : num(c.expectedShare())).append("</td></tr>"));
        sb.append("</table>\n<p><small>Plan sha256 ").append(esc(r.planSha256())).append(". Made by Prodlab on ")
                .append(Instant.now().toString(), 0, 10).append(".</small></p>\n</body></html>\n");
        return sb.toString();
    }

    private static void htmlMetrics(StringBuilder sb, List<MetricVerdict> rows) {
        sb.append("<table><tr><th>candidate</th><th>metric</th><th>baseline</th><th>candidate</th><th>difference "
                + "(CI)</th><th>relative (CI)</th><th>p</th><th>margin</th><th>decision</th></tr>\n");
        for (MetricVerdict v : rows) {
            Estimate e = v.estimate();
            sb.append("<tr><td>").append(esc(v.candidate())).append("</td><td>").append(esc(e.metric())).append(' ')
                    .append(esc(e.statistic())).append("</td><td>").append(value(e, e.baselineValue()))
                    .append("</td><td>").append(value(e, e.candidateValue())).append("</td><td>")
                    .append(change(e, e.difference())).append(" (").append(change(e, e.ciLow())).append(" to ")
                    .append(change(e, e.ciHigh())).append(")</td><td>")
                    .append(Double.isNaN(e.relative()) ? "" : num(100 * e.relative()) + "% (" + num(100
                            * e.relativeLow()) + " to " + num(100 * e.relativeHigh()) + "%)").append("</td><td>")
                    .append(num(e.p())).append("</td><td>").append(change(e, v.margin())).append("</td><td><b>")
                    .append(esc(v.decision())).append("</b>: ").append(esc(v.rule())).append("<br><small>")
                    .append(esc(v.sentence())).append("</small></td></tr>\n");
        }
        sb.append("</table>\n");
    }

    /** A forest plot: each metric's relative difference (%) with its interval; 0 and the margins marked. */
    static String chartPng(ExperimentResult r) throws IOException {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        List<MetricVerdict> all = new ArrayList<>(r.primary());
        all.addAll(r.guardrails());
        org.jfree.data.category.DefaultIntervalCategoryDataset intervals;
        List<String> keys = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (MetricVerdict v : all) {
            Estimate e = v.estimate();
            if (!e.ok()) {
                continue;
            }
            String key = v.role() + ": " + e.metric() + " " + e.statistic() + " (" + v.candidate() + ")";
            keys.add(key);
            rows.add(new double[] {e.difference(), e.ciLow(), e.ciHigh(), v.margin()});
        }
        double[][] lows = new double[1][rows.size()];
        double[][] highs = new double[1][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            // Each row on its own scale: the interval as a share of the margin, so 0 and ±1 are comparable.
            double m = Math.abs(rows.get(i)[3]) > 0 ? Math.abs(rows.get(i)[3]) : 1;
            lows[0][i] = rows.get(i)[1] / m;
            highs[0][i] = rows.get(i)[2] / m;
            data.add(rows.get(i)[0] / m, 0, "estimate", keys.get(i));
        }
        intervals = new org.jfree.data.category.DefaultIntervalCategoryDataset(
                new Comparable<?>[] {"interval"}, keys.toArray(new Comparable<?>[0]), toNumbers(lows),
                toNumbers(highs));
        IntervalBarRenderer bars = new IntervalBarRenderer();
        bars.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setMaximumBarWidth(0.18);
        CategoryPlot plot = new CategoryPlot(intervals, new CategoryAxis(null),
                new NumberAxis("difference ÷ margin (0 = no change, ±1 = the margin)"), bars);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setDataset(1, data);
        StatisticalLineAndShapeRenderer dots = new StatisticalLineAndShapeRenderer(false, true);
        dots.setSeriesPaint(0, new Color(0x1f2328));
        dots.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-5, -5, 10, 10));
        plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
        plot.setRenderer(1, dots);
        plot.getRenderer().setSeriesPaint(0, new Color(0x54aeff));
        plot.addRangeMarker(new org.jfree.chart.plot.ValueMarker(0, Color.DARK_GRAY, new java.awt.BasicStroke(1.5f)));
        plot.addRangeMarker(new org.jfree.chart.plot.ValueMarker(1, new Color(0xcf222e), new java.awt.BasicStroke(1f)));
        plot.addRangeMarker(new org.jfree.chart.plot.ValueMarker(-1, new Color(0xcf222e),
                new java.awt.BasicStroke(1f)));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xd0d7de));
        JFreeChart chart = new JFreeChart("Differences with their " + num(100 * r.confidence()) + "% intervals",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(png, chart, 900, 120 + 60 * Math.max(1, rows.size()));
        return Base64.getEncoder().encodeToString(png.toByteArray());
    }

    private static Number[][] toNumbers(double[][] v) {
        Number[][] out = new Number[v.length][];
        for (int i = 0; i < v.length; i++) {
            out[i] = new Number[v[i].length];
            for (int j = 0; j < v[i].length; j++) {
                out[i][j] = v[i][j];
            }
        }
        return out;
    }

    // --- helpers ----------------------------------------------------------------------------

    /** A value in the metric's unit: a rate as a percentage, latency in ms, throughput per second. */
    private static String value(Estimate e, double v) {
        return switch (e.metric()) {
            case "error_rate" -> num(100 * v) + "%";
            case "latency" -> num(v) + " ms";
            case "throughput" -> num(v) + "/s";
            default -> num(v);
        };
    }

    /** A difference in the metric's unit: percentage points for a rate. */
    private static String change(Estimate e, double v) {
        return switch (e.metric()) {
            case "error_rate" -> num(100 * v) + " pp";
            case "latency" -> num(v) + " ms";
            case "throughput" -> num(v) + "/s";
            default -> num(v);
        };
    }

    private static String registered(Input in) {
        return in.registration() == null ? "not registered"
                : in.registration().registeredAt() + ", sha256 " + in.registration().sha256();
    }

    private static String evidence(Check c) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(clean(c.evidence()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return c.evidence().toString();
        }
    }

    static String num(double v) {
        return Double.isNaN(v) ? "–" : Figures.format(v);
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
