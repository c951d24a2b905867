package io.prodlab.ingest;

import java.util.Map;

/**
 * Tells OTLP protobuf from other bytes by walking the protobuf wire format of a file's start against
 * the shape of the OTLP messages: every known field must have its wire type (and ids their length),
 * down to the spans, metrics or log records. Protobuf carries no magic bytes, and a request of any
 * of the three signals starts alike ({@code 0x0A}, a length, a resource): the records inside tell
 * the signal. Also tells the framing: one {@code Export*ServiceRequest}, or a stream of them each
 * preceded by its length — a varint (protobuf's {@code writeDelimitedTo}) or four big-endian bytes
 * (the collector's file exporter).
 */
final class OtlpProtoWire {
    private OtlpProtoWire() {
    }

    enum Signal {
        TRACES, METRICS, LOGS
    }

    enum Framing {
        /** The whole file is one request. */
        SINGLE,
        /** Requests, each after a varint of its length. */
        VARINT_DELIMITED,
        /** Requests, each after four big-endian bytes of its length. */
        FIXED32_DELIMITED
    }

    /** What the start of a file looks like. */
    record Shape(Framing framing, Signal signal) {
    }

    private static final int VARINT = 0;
    private static final int I64 = 1;
    private static final int LEN = 2;
    private static final int I32 = 5;

    /** One message type: per field number, its wire type and (for LEN) the message inside, or null. */
    private record Type(String name, boolean leaf, Map<Integer, Field> fields) {
    }

    private record Field(int wire, Type type, int length) {
        static Field of(int wire) {
            return new Field(wire, null, -1);
        }

        static Field of(Type type) {
            return new Field(LEN, type, -1);
        }

        static Field bytes(int length) {
            return new Field(LEN, null, length);
        }
    }

    private static final Type ANY_VALUE_LIST = new Type("KeyValue", false, Map.of(1, Field.of(LEN), 2, Field.of(LEN)));
    private static final Type RESOURCE = new Type("Resource", false, Map.of(1, Field.of(ANY_VALUE_LIST),
            2, Field.of(VARINT), 3, Field.of(LEN)));
    private static final Type SCOPE = new Type("InstrumentationScope", false, Map.of(1, Field.of(LEN),
            2, Field.of(LEN), 3, Field.of(ANY_VALUE_LIST), 4, Field.of(VARINT)));
    private static final Type SPAN = new Type("Span", true, Map.ofEntries(Map.entry(1, Field.bytes(16)),
            Map.entry(2, Field.bytes(8)), Map.entry(3, Field.of(LEN)), Map.entry(4, Field.of(LEN)),
            Map.entry(5, Field.of(LEN)), Map.entry(6, Field.of(VARINT)), Map.entry(7, Field.of(I64)),
            Map.entry(8, Field.of(I64)), Map.entry(9, Field.of(ANY_VALUE_LIST)), Map.entry(10, Field.of(VARINT)),
            Map.entry(11, Field.of(LEN)), Map.entry(12, Field.of(VARINT)), Map.entry(13, Field.of(LEN)),
            Map.entry(14, Field.of(VARINT)), Map.entry(15, Field.of(LEN)), Map.entry(16, Field.of(I32))));
    private static final Type METRIC = new Type("Metric", true, Map.of(1, Field.of(LEN), 2, Field.of(LEN),
            3, Field.of(LEN), 5, Field.of(LEN), 7, Field.of(LEN), 9, Field.of(LEN), 10, Field.of(LEN),
            11, Field.of(LEN), 12, Field.of(ANY_VALUE_LIST)));
    private static final Type LOG = new Type("LogRecord", true, Map.ofEntries(Map.entry(1, Field.of(I64)),
            Map.entry(2, Field.of(VARINT)), Map.entry(3, Field.of(LEN)), Map.entry(5, Field.of(LEN)),
            Map.entry(6, Field.of(ANY_VALUE_LIST)), Map.entry(7, Field.of(VARINT)), Map.entry(8, Field.of(I32)),
            Map.entry(9, Field.of(LEN)), Map.entry(10, Field.of(LEN)), Map.entry(11, Field.of(I64)),
            Map.entry(12, Field.of(LEN))));

    private static Type request(Signal s) {
        Type leaf = switch (s) {
            case TRACES -> SPAN;
            case METRICS -> METRIC;
            case LOGS -> LOG;
        };
        Type scoped = new Type("Scope" + leaf.name(), false, Map.of(1, Field.of(SCOPE), 2, Field.of(leaf),
                3, Field.of(LEN)));
        Type resource = new Type("Resource" + leaf.name(), false, Map.of(1, Field.of(RESOURCE), 2, Field.of(scoped),
                3, Field.of(LEN)));
        return new Type("Export" + s + "ServiceRequest", false, Map.of(1, Field.of(resource)));
    }

    private static final Type[] REQUESTS = {request(Signal.TRACES), request(Signal.METRICS), request(Signal.LOGS)};

    /** The shape of a file starting with {@code peek} (cut at {@link TraceInput#PEEK} when longer), or null. */
    static Shape recognise(byte[] peek) {
        Shape s = recognise(peek, peek.length >= TraceInput.PEEK);
        // A file cut short (or broken near its end) still starts like OTLP: claim it, so that its
        // refusal says the protobuf is broken rather than that it is not JSON.
        return s != null ? s : recognise(peek, true);
    }

    private static Shape recognise(byte[] peek, boolean cut) {
        Signal s = signal(peek, 0, peek.length, cut);
        if (s != null) {
            return new Shape(Framing.SINGLE, s);
        }
        long[] v = varint(peek, 0, peek.length);
        if (v != null && v[0] > 0) {
            s = delimited(peek, (int) v[1], v[0], cut);
            if (s != null) {
                return new Shape(Framing.VARINT_DELIMITED, s);
            }
        }
        if (peek.length >= 4) {
            long n = ((peek[0] & 0xFFL) << 24) | ((peek[1] & 0xFFL) << 16) | ((peek[2] & 0xFFL) << 8) | (peek[3] & 0xFFL);
            if (n > 0) {
                s = delimited(peek, 4, n, cut);
                if (s != null) {
                    return new Shape(Framing.FIXED32_DELIMITED, s);
                }
            }
        }
        return null;
    }

    /** The signal of one whole request, or null when the bytes are not one. */
    static Signal signalOf(byte[] request) {
        if (request.length == 0) {
            return Signal.TRACES;
        }
        return signal(request, 0, request.length, false);
    }

    /** The signal of the first length-prefixed request (its bytes from {@code start}, {@code n} long). */
    private static Signal delimited(byte[] peek, int start, long n, boolean cut) {
        long end = start + n;
        if (end > peek.length) {
            return cut ? signal(peek, start, peek.length, true) : null;
        }
        return signal(peek, start, (int) end, false);
    }

    /** The signal whose request shape the bytes fit, with at least one record seen; null when none fits. */
    private static Signal signal(byte[] b, int from, int to, boolean cut) {
        if (to - from < 2 || b[from] != 0x0A) {
            return null;
        }
        for (int i = 0; i < REQUESTS.length; i++) {
            Walk w = new Walk();
            if (w.message(b, from, to, REQUESTS[i], cut, 0) && w.leaves > 0) {
                return Signal.values()[i];
            }
        }
        return null;
    }

    /** One walk over the bytes; counts the records (leaves) whose fields all fit. */
    private static final class Walk {
        int leaves;

        /**
         * Whether {@code b[from, to)} is a message of {@code type}; with {@code cut} the bytes may
         * end inside it (what was seen up to there decides).
         */
        boolean message(byte[] b, int from, int to, Type type, boolean cut, int depth) {
            if (depth > 12) {
                return true;
            }
            int p = from;
            int fields = 0;
            while (p < to) {
                long[] tag = varint(b, p, to);
                if (tag == null) {
                    return cut;
                }
                p = (int) tag[1];
                int number = (int) (tag[0] >>> 3);
                int wire = (int) (tag[0] & 7);
                if (number == 0 || tag[0] > 0xFFFFFFFFL) {
                    return false;
                }
                Field f = type.fields().get(number);
                if (f != null && f.wire() != wire) {
                    return false;
                }
                if (f == null && type.fields().size() == 1) {
                    // A request has one field only.
                    return false;
                }
                switch (wire) {
                    case VARINT -> {
                        long[] v = varint(b, p, to);
                        if (v == null) {
                            return cut;
                        }
                        p = (int) v[1];
                    }
                    case I64 -> p += 8;
                    case I32 -> p += 4;
                    case LEN -> {
                        long[] len = varint(b, p, to);
                        if (len == null) {
                            return cut;
                        }
                        p = (int) len[1];
                        long end = p + len[0];
                        if (len[0] < 0 || (end > to && !cut)) {
                            return false;
                        }
                        if (f != null && f.length() >= 0 && len[0] != f.length() && len[0] != 0) {
                            return false;
                        }
                        if (f != null && f.type() != null) {
                            boolean inner = message(b, p, (int) Math.min(end, to), f.type(), cut && end > to, depth + 1);
                            if (!inner) {
                                return false;
                            }
                        }
                        if (end > to) {
                            return true;
                        }
                        p = (int) end;
                    }
                    default -> {
                        return false;
                    }
                }
                if (p > to) {
                    return cut;
                }
                fields++;
            }
            if (type.leaf() && fields > 0) {
                leaves++;
            }
            return true;
        }
    }

    /** A varint at {@code p}: {value, position after}; null when it does not end before {@code to} or is too long. */
    static long[] varint(byte[] b, int p, int to) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p >= to) {
                return null;
            }
            int x = b[p++];
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return new long[] {v, p};
            }
        }
        return null;
    }
}
