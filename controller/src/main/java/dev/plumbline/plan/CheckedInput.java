package dev.plumbline.plan;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of a plan file as they are read: refused once there are more than a bound (a pipe has no size to check
 * first), and refused at the first byte that is not UTF-8, the encoding JSON is exchanged in. Checking as the
 * parser reads means a file is read once, whatever its size.
 */
final class CheckedInput extends FilterInputStream {
    /** Thrown from {@link #read}: the input is not what a plan can be. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final long max;
    private long offset;
    /** Continuation bytes still expected in the current sequence, and the bounds of the next one. */
    private int pending;
    private int low = 0x80;
    private int high = 0xBF;
    /** Where the current multi-byte sequence started, and its first byte: what a cut-short one is named by. */
    private long sequenceStart;
    private int lead;

    CheckedInput(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            end();
        } else {
            check((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int from, int length) throws IOException {
        int n = super.read(buffer, from, length);
        if (n < 0) {
            end();
        }
        for (int i = 0; i < n; i++) {
            check(buffer[from + i]);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skipping is not supported: every byte is checked");
    }

    private void end() throws Refused {
        if (pending > 0) {
            throw new Refused(String.format("not UTF-8: the file ends inside the sequence that byte 0x%02x at byte"
                    + " offset %d starts", lead, sequenceStart));
        }
    }

    /** RFC 3629's well-formed sequences: no overlong forms, no surrogates, nothing above U+10FFFF. */
    private void check(byte value) throws Refused {
        if (offset >= max) {
            throw new Refused("the file is larger than " + (max >> 20) + " MB, the most a plan is read to");
        }
        int b = value & 0xFF;
        if (pending > 0) {
            if (b < low || b > high) {
                throw new Refused(String.format("not UTF-8: byte 0x%02x at byte offset %d starts a sequence that"
                        + " byte 0x%02x at byte offset %d does not continue", lead, sequenceStart, b, offset));
            }
            pending--;
            low = 0x80;
            high = 0xBF;
        } else if (b >= 0x80) {
            sequenceStart = offset;
            lead = b;
            if (b >= 0xC2 && b <= 0xDF) {
                pending = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                pending = 2;
                low = b == 0xE0 ? 0xA0 : 0x80;
                high = b == 0xED ? 0x9F : 0xBF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                pending = 3;
                low = b == 0xF0 ? 0x90 : 0x80;
                high = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                throw notUtf8(b);
            }
        }
        offset++;
    }

    private Refused notUtf8(int b) {
        return new Refused(String.format("not UTF-8: byte 0x%02x at byte offset %d", b, offset));
    }
}
