package io.prodlab.store;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpanIdentitiesTest {
    /** Key 00 01 … 0f, as in the SipHash reference's test vectors. */
    private static final long K0 = 0x0706050403020100L;
    private static final long K1 = 0x0f0e0d0c0b0a0908L;

    @Test
    void sipHash128MatchesTheReferenceVectors() {
        // SipHash-2-4 with 128-bit output, messages 00 … (len-1), from the reference implementation's vectors.
        assertArrayEquals(HexFormat.of().parseHex("a3817f04ba25a8e66df67214c7550293"),
                SpanIdentities.sipHash128(K0, K1, message(0)));
        assertArrayEquals(HexFormat.of().parseHex("da87c1d86b99af44347659119b22fc45"),
                SpanIdentities.sipHash128(K0, K1, message(1)));
    }

    private static byte[] message(int length) {
        byte[] m = new byte[length];
        for (int i = 0; i < length; i++) {
            m[i] = (byte) i;
        }
        return m;
    }

    @Test
    void theSetFindsEveryRepeatAndNothingElseAcrossGrowth() {
        SpanIdentities set = new SpanIdentities();
        long[] h = new long[2];
        long[] svc = new long[2];
        SpanIdentities.servicePart("checkout", svc);
        for (int i = 0; i < 100_000; i++) {
            SpanIdentities.spanPart(String.format("%032x", i / 10), String.format("%016x", i), 2, h);
            assertTrue(set.add(h[0] ^ svc[0], h[1] ^ svc[1]), "span " + i);
        }
        assertEquals(100_000, set.size());
        for (int i = 0; i < 100_000; i += 7) {
            SpanIdentities.spanPart(String.format("%032x", i / 10), String.format("%016x", i), 2, h);
            assertFalse(set.add(h[0] ^ svc[0], h[1] ^ svc[1]), "repeat of span " + i);
        }
        assertEquals(100_000, set.size());
        assertTrue(set.add(0, 0));
        assertFalse(set.add(0, 0));
    }

    @Test
    void eachPartOfTheIdentityCountsAndStringsDoNotRunTogether() {
        Set<String> hashes = new HashSet<>();
        long[] h = new long[2];
        String[][] spans = {{"ab", "cd"}, {"abc", "d"}, {"a", "bcd"}, {"", "abcd"}, {"abcd", ""}, {"ab", "cd\0"}};
        for (String[] s : spans) {
            for (int kind = 0; kind < 3; kind++) {
                SpanIdentities.spanPart(s[0], s[1], kind, h);
                assertTrue(hashes.add(h[0] + "/" + h[1]), s[0] + "|" + s[1] + "|" + kind);
            }
        }
        long[] a = new long[2];
        long[] b = new long[2];
        SpanIdentities.servicePart("frontend", a);
        SpanIdentities.servicePart("frontend ", b);
        assertNotEquals(a[0] + "/" + a[1], b[0] + "/" + b[1]);
    }
}
