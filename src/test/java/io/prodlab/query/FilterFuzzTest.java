package io.prodlab.query;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Whatever a user types, the filter language answers with a filter or a {@link FilterSyntaxException}
 * that names a column inside the text (or just past it) — never another exception. Seeded, bounded.
 */
class FilterFuzzTest {
    private static final String[] PIECES = {"(", ")", ",", "=", "!=", "<", "<=", ">", ">=", "=~", "!~", "!", "\"", "\\",
            "\"a\"", "\"\\u00\"", "and", "or", "not", "in", "exists", "true", "false", "span.", "resource.", "name",
            "kind", "status", "duration", "server", "error", "trace.root", "1", "-2.5", "1e9", "250ms", "1.5s", "3xs",
            "1e", ".", "-", "x.y", "a/b", " ", "  ", "\t", "\n", "é", "#", ";", "--", "'"};

    @Test
    void randomTextGivesAFilterOrAnErrorWithAColumn() {
        Random r = new Random(20261201);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(12);
            for (int k = 0; k < n; k++) {
                sb.append(PIECES[r.nextInt(PIECES.length)]);
                if (r.nextInt(3) == 0) {
                    sb.append(' ');
                }
            }
            String text = sb.toString();
            try {
                FilterCompiler.compile(text, "s", FieldCatalog.NONE);
                parsed++;
            } catch (FilterSyntaxException e) {
                assertTrue(e.column() >= 1 && e.column() <= text.length() + 1, "column " + e.column() + " for: " + text);
                assertTrue(e.getMessage().startsWith("at column " + e.column() + ": "), e.getMessage());
            } catch (RuntimeException e) {
                fail("'" + text + "' threw " + e, e);
            }
        }
        assertTrue(parsed > 10, "the fuzzer also reaches valid filters: " + parsed);
    }

    private static final String[] VALID = {
            "feature_flag.result.variant = \"treatment\" and service.name = \"checkout\"",
            "kind = server and duration > 250ms and not status = error",
            "resource.k8s.namespace.name =~ \"shop-.*\" or span.http.route in (\"/cart\", \"/checkout\")",
            "(a exists or b != 2) and trace.root = true", "\"weird \\\"key\" = 1.5e3"};

    @Test
    void validFiltersWithACharacterDeletedOrInsertedStillAnswerCleanly() {
        Random r = new Random(7);
        String alphabet = "()=!<>~,\"\\ .-_a1msy";
        for (String valid : VALID) {
            assertCompiles(valid);
            for (int i = 0; i < 2_000; i++) {
                StringBuilder sb = new StringBuilder(valid);
                int at = r.nextInt(sb.length());
                if (r.nextBoolean()) {
                    sb.deleteCharAt(at);
                } else {
                    sb.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                }
                String text = sb.toString();
                try {
                    FilterCompiler.compile(text, "s", FieldCatalog.NONE);
                } catch (FilterSyntaxException e) {
                    assertTrue(e.column() >= 1 && e.column() <= text.length() + 1, "column " + e.column() + " for: " + text);
                } catch (RuntimeException e) {
                    fail("'" + text + "' threw " + e, e);
                }
            }
        }
    }

    private static void assertCompiles(String text) {
        try {
            FilterCompiler.compile(text, "s", FieldCatalog.NONE);
        } catch (FilterSyntaxException e) {
            fail(text + ": " + e.getMessage());
        }
    }
}
