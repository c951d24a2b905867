package io.prodlab.store;

import java.security.SecureRandom;

/**
 * The identities of the spans one import has stored — trace id, span id, kind and service
 * (docs/decisions/0014-duplicate-spans.md) — kept as 128-bit keyed hashes, so that a span arriving
 * twice in one file is found in memory instead of by a join against every stored span.
 *
 * <p>The hash is SipHash-2-4 with a 128-bit output, keyed with a random key drawn once per process:
 * two different identities share a hash with a probability of 2<sup>-128</sup> per pair, and a
 * file cannot be crafted to make two of its spans collide, since the key is not known outside the
 * process. A span's part — its trace id, span id and kind — is hashed where the span is encoded
 * ({@link SpanChunk#addSpan}); the service, known by the writer through the span's context, is
 * hashed once per context and combined by exclusive or (the two parts are outputs of the same keyed
 * function with different domains, so the combination is as unpredictable as either).
 *
 * <p>The set is open-addressed over two {@code long} arrays: 16 bytes a slot, at most 3/4 full
 * (about 43 MB for the 2.3 million spans of a 1 GB OTLP/JSON file). Not thread-safe.
 */
final class SpanIdentities {
    private static final long K0;
    private static final long K1;

    static {
        SecureRandom random = new SecureRandom();
        K0 = random.nextLong();
        K1 = random.nextLong();
    }

    /** Domain words, so that a span's part and a service name never hash the same words. */
    private static final long SPAN_DOMAIN = 1;
    private static final long SERVICE_DOMAIN = 2;

    private long[] a = new long[1 << 10];
    private long[] b = new long[1 << 10];
    private int size;

    /**
     * Adds an identity; false when it was there already. The all-zero hash marks an empty slot, so
     * it is stored as (0, 1): one more identity in 2<sup>128</sup> shares a slot with it.
     */
    boolean add(long hi, long lo) {
        if (hi == 0 && lo == 0) {
            lo = 1;
        }
        if (size + 1 > (a.length >> 2) * 3) {
            grow();
        }
        int mask = a.length - 1;
        int i = (int) (lo ^ (lo >>> 32)) & mask;
        while (a[i] != 0 || b[i] != 0) {
            if (a[i] == hi && b[i] == lo) {
                return false;
            }
            i = (i + 1) & mask;
        }
        a[i] = hi;
        b[i] = lo;
        size++;
        return true;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldA = a;
        long[] oldB = b;
        a = new long[oldA.length << 1];
        b = new long[oldB.length << 1];
        size = 0;
        for (int i = 0; i < oldA.length; i++) {
            if (oldA[i] != 0 || oldB[i] != 0) {
                add(oldA[i], oldB[i]);
            }
        }
    }

    /** The span's part of its identity: {@code out[0]}, {@code out[1]} ← hash of trace id, span id and kind. */
    static void spanPart(CharSequence traceId, CharSequence spanId, int kind, long[] out) {
        Sip s = new Sip(K0, K1);
        s.word(SPAN_DOMAIN);
        s.chars(traceId);
        s.chars(spanId);
        s.word(kind);
        s.finish(out);
    }

    /** The service's part of an identity. */
    static void servicePart(CharSequence serviceName, long[] out) {
        Sip s = new Sip(K0, K1);
        s.word(SERVICE_DOMAIN);
        s.chars(serviceName);
        s.finish(out);
    }

    /** SipHash-2-4-128 of bytes with the given key (the reference function, for its test vectors). */
    static byte[] sipHash128(long k0, long k1, byte[] message) {
        Sip s = new Sip(k0, k1);
        int full = message.length & ~7;
        for (int i = 0; i < full; i += 8) {
            long m = 0;
            for (int j = 7; j >= 0; j--) {
                m = (m << 8) | (message[i + j] & 0xFF);
            }
            s.compress(m);
        }
        long last = (long) (message.length & 0xFF) << 56;
        for (int j = message.length - 1; j >= full; j--) {
            last |= (long) (message[j] & 0xFF) << (8 * (j - full));
        }
        long[] out = new long[2];
        s.finishWith(last, out);
        byte[] bytes = new byte[16];
        for (int i = 0; i < 16; i++) {
            bytes[i] = (byte) (out[i >> 3] >>> (8 * (i & 7)));
        }
        return bytes;
    }

    /**
     * The SipHash-2-4 state, fed whole 64-bit words. A string goes in as its length, then its UTF-16
     * units four to a word, so that the words of a sequence of strings tell the strings apart.
     */
    private static final class Sip {
        private long v0;
        private long v1;
        private long v2;
        private long v3;
        private long words;

        Sip(long k0, long k1) {
            v0 = 0x736f6d6570736575L ^ k0;
            v1 = 0x646f72616e646f6dL ^ k1 ^ 0xee;
            v2 = 0x6c7967656e657261L ^ k0;
            v3 = 0x7465646279746573L ^ k1;
        }

        void word(long m) {
            compress(m);
        }

        void chars(CharSequence s) {
            int n = s.length();
            compress(n);
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                compress(s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32
                        | (long) s.charAt(i + 3) << 48);
            }
            if (i < n) {
                long m = 0;
                for (int j = 0; i + j < n; j++) {
                    m |= (long) s.charAt(i + j) << (16 * j);
                }
                compress(m);
            }
        }

        void compress(long m) {
            v3 ^= m;
            round();
            round();
            v0 ^= m;
            words++;
        }

        void finish(long[] out) {
            finishWith((words * 8 & 0xFF) << 56, out);
        }

        void finishWith(long last, long[] out) {
            v3 ^= last;
            round();
            round();
            v0 ^= last;
            v2 ^= 0xee;
            round();
            round();
            round();
            round();
            out[0] = v0 ^ v1 ^ v2 ^ v3;
            v1 ^= 0xdd;
            round();
            round();
            round();
            round();
            out[1] = v0 ^ v1 ^ v2 ^ v3;
        }

        private void round() {
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13);
            v1 ^= v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17);
            v1 ^= v2;
            v2 = Long.rotateLeft(v2, 32);
        }
    }
}
