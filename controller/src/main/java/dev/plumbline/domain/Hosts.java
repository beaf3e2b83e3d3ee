package dev.plumbline.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one rule for which hosts are this machine: plain {@code http://} is allowed only to them (an emulator, a
 * test server), since anything that leaves the machine carries credentials and must use TLS.
 */
public final class Hosts {
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    private Hosts() { }

    /** {@code localhost}, {@code 127.x.x.x} or {@code ::1} (bracketed or not); false for null. */
    public static boolean isLoopback(String host) {
        if (host == null || host.length() > 253) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || LOOPBACK_V4.matcher(h).matches();
    }
}
