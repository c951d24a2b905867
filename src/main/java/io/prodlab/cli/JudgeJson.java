package io.prodlab.cli;

import io.prodlab.compare.CanaryJudge;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The canary judge's verdicts for {@code compare --judge}: the {@code "judge"} section and the text table. */
final class JudgeJson {
    private JudgeJson() {
    }

    static Map<String, Object> verdicts(List<CanaryJudge.Verdict> verdicts, CanaryJudge.Config config) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("alpha", config.alpha());
        doc.put("pass_score", config.passScore());
        doc.put("marginal_score", config.marginalScore());
        List<Map<String, Object>> list = new ArrayList<>();
        for (CanaryJudge.Verdict v : verdicts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("baseline", v.baseline());
            m.put("candidate", v.candidate());
            m.put("score", Json.finite(v.score()));
            m.put("decision", v.decision().code());
            m.put("reason", v.reason());
            List<Map<String, Object>> metrics = new ArrayList<>();
            for (CanaryJudge.MetricVerdict mv : v.metrics()) {
                CanaryJudge.Rule r = mv.rulePolicy();
                metrics.add(CompareCommand.fields("name", mv.name(), "check", r.check().code(), "classification",
                        mv.classification().code(), "bad", mv.bad(), "direction", r.direction().code(), "tolerance",
                        r.tolerance(), "tolerance_relative", r.relative(), "tolerance_absolute", mv.toleranceAbsolute(),
                        "weight", r.weight(), "critical", r.critical(), "unit", mv.unit(), "baseline", mv.baseline(),
                        "candidate", mv.candidate(), "estimate", mv.estimate(), "ci_low", mv.ciLow(), "ci_high",
                        mv.ciHigh(), "relative_estimate", mv.relativeEstimate(), "p", mv.p(), "p_adjusted",
                        mv.pAdjusted(), "rule", mv.rule()));
            }
            m.put("metrics", metrics);
            list.add(m);
        }
        doc.put("verdicts", list);
        return doc;
    }

    static void print(PrintWriter out, List<CanaryJudge.Verdict> verdicts) {
        for (CanaryJudge.Verdict v : verdicts) {
            out.println();
            out.println(String.format(Locale.ROOT, "judge: %s vs %s: %s (%s)", v.candidate(), v.baseline(),
                    v.decision().code().toUpperCase(Locale.ROOT), v.reason()));
            TextTable t = new TextTable(List.of("metric", "class", "baseline", "candidate", "estimate", "ci low", "ci high",
                    "tolerance", "p adj", "weight"));
            for (CanaryJudge.MetricVerdict m : v.metrics()) {
                t.add(List.of(m.name(), m.classification().code() + (m.bad() ? " (bad)" : ""), m.baseline(), m.candidate(),
                        m.estimate(), m.ciLow(), m.ciHigh(), m.toleranceAbsolute(), m.pAdjusted(), m.rulePolicy().weight()));
            }
            t.print(out);
            for (CanaryJudge.MetricVerdict m : v.metrics()) {
                out.println("  " + m.name() + ": " + m.rule());
            }
        }
        out.flush();
    }
}
