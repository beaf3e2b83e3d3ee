package dev.plumbline.config;

/**
 * A glob over resource addresses: {@code *} is any run of characters (dots and brackets included, so
 * {@code aws_instance.*} covers {@code aws_instance.web[0]} and {@code module.*.aws_instance.web} any module),
 * {@code ?} one character; everything else, brackets and quotes too, stands for itself, as addresses spell indexes
 * and keys with them. Matching is linear in the address times the glob: no backtracking blow-up.
 */
public final class AddressGlob {
    static final int MAX_LENGTH = 500;
    private final String glob;

    private AddressGlob(String glob) {
        this.glob = glob;
    }

    /** @throws IllegalArgumentException saying what is wrong */
    public static AddressGlob of(String glob) {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        if (glob.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("is longer than " + MAX_LENGTH + " characters");
        }
        if (glob.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("holds whitespace or a control character; an address has none");
        }
        return new AddressGlob(glob);
    }

    public boolean matches(String address) {
        // The classic two-pointer wildcard match: on a mismatch, resume after the last '*' one character further.
        int g = 0;
        int a = 0;
        int star = -1;
        int resume = 0;
        while (a < address.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = a;
            } else if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == address.charAt(a))) {
                g++;
                a++;
            } else if (star >= 0) {
                g = star + 1;
                a = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    @Override
    public String toString() {
        return glob;
    }
}
