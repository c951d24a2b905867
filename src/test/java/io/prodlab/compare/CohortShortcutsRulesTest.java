package io.prodlab.compare;

import io.prodlab.model.SpanRecord;
import io.prodlab.store.ImportWriter;
import io.prodlab.testing.TempWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.prodlab.testing.Spans.aSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which attributes make flag shortcuts, on spans written for each rule. */
class CohortShortcutsRulesTest {
    @RegisterExtension
    final TempWorkspace temp = new TempWorkspace();

    private void spans(List<String> attributes) throws Exception {
        List<SpanRecord> out = new ArrayList<>();
        for (int i = 0; i < attributes.size(); i++) {
            out.add(aSpan().traceId(String.format(Locale.ROOT, "%032x", i + 1)).startMs(i).attributes(attributes.get(i))
                    .build());
        }
        try (ImportWriter w = temp.workspace().beginImport("/test/flags", "sha", "otlp-json", 1)) {
            for (SpanRecord s : out) {
                w.addSpan(s);
            }
            w.commit("flags");
        }
    }

    private static List<String> repeat(String json, int times) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            out.add(json.replace("$i", Integer.toString(i)));
        }
        return out;
    }

    @Test
    void keysNamedLikeFlagsOrVariantsWithTwoToEightValuesAreProposedAndOthersAreNot() throws Exception {
        List<String> all = new ArrayList<>();
        all.addAll(repeat("{\"app.checkout_variant\":\"v2\",\"beta_flag\":true,\"app.variant_id\":\"u$i\"}", 6));
        all.addAll(repeat("{\"app.checkout_variant\":\"v1\",\"beta_flag\":false,\"region\":\"eu\"}", 5));
        all.addAll(repeat("{\"app.checkout_variant\":\"\\\"odd\\\" one\",\"region\":\"us\"}", 5));
        all.addAll(repeat("{\"app.checkout_variant\":\"rare\"}", 4)); // on fewer than 5 spans: no variant
        spans(all);
        List<CohortShortcuts.Suggestion> s = new CohortShortcuts(temp.workspace()).byFlagAttribute();
        assertEquals(List.of("app.checkout_variant", "beta_flag"), s.stream().map(CohortShortcuts.Suggestion::subject)
                .toList(), "region is no flag; app.variant_id is an id (each value on one span): " + s);
        CohortShortcuts.Suggestion variant = s.get(0);
        assertEquals(List.of("v2", "\"odd\" one", "v1"), variant.cohortList().stream().map(Cohort::name).toList(),
                "no control-like name: most spans first");
        assertEquals("span.app.checkout_variant = \"\\\"odd\\\" one\"", variant.cohortList().get(1).filter());
        CohortShortcuts.Suggestion beta = s.get(1);
        assertEquals(List.of("false", "true"), beta.cohortList().stream().map(Cohort::name).toList(), "false reads as control");
        assertEquals("span.beta_flag = false", beta.cohortList().get(0).filter());
        for (CohortShortcuts.Suggestion x : s) {
            for (CohortShortcuts.CohortCount c : x.cohorts()) {
                assertEquals(c.spans(), new CohortShortcuts(temp.workspace()).count(c.cohort()).spans(), c.toString());
            }
        }
    }

    @Test
    void aKeyWithMoreThanEightValuesIsNoShortcut() throws Exception {
        List<String> nine = new ArrayList<>();
        for (int arm = 0; arm < 9; arm++) {
            nine.addAll(repeat("{\"experiment_variant\":\"arm" + arm + "\"}", 5));
        }
        spans(nine);
        assertTrue(new CohortShortcuts(temp.workspace()).byFlagAttribute().isEmpty());
    }

    @Test
    void aWorkspaceWithoutVersionsFlagsOrEventsProposesNothing() throws Exception {
        spans(repeat("{\"http.route\":\"/x$i\"}", 3));
        assertEquals(List.of(), new CohortShortcuts(temp.workspace()).suggest());
    }
}
