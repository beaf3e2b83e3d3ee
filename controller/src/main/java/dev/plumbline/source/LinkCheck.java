package dev.plumbline.source;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Decides whether a symbolic link of a commit stays inside the checkout. The target is followed the way the
 * file system would, through the other links of the same commit, so {@code l -> d/../x} with {@code d -> .} is
 * seen to leave the checkout even though it looks harmless as text.
 */
final class LinkCheck {
    private static final int MAX_HOPS = 40;

    private final Map<String, String> links;

    /** @param links every symbolic link of the commit: repo-relative path to target */
    LinkCheck(Map<String, String> links) {
        this.links = links;
    }

    boolean staysInside(String linkPath) {
        String target = links.get(linkPath);
        Deque<String> dir = new ArrayDeque<>();
        String[] parts = linkPath.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            dir.addLast(parts[i]);
        }
        return follow(dir, target, 0);
    }

    /** Walks {@code target} from {@code dir}, leaving {@code dir} at the result; false when it escapes. */
    private boolean follow(Deque<String> dir, String target, int hops) {
        if (hops > MAX_HOPS || target == null || target.isEmpty() || target.startsWith("/")
                || target.indexOf('\0') >= 0 || target.indexOf('\\') >= 0) {
            return false;
        }
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (dir.isEmpty()) {
                    return false;
                }
                dir.removeLast();
                continue;
            }
            dir.addLast(part);
            String next = links.get(String.join("/", dir));
            if (next != null) {
                dir.removeLast(); // a link's target is relative to the directory holding it
                if (!follow(dir, next, hops + 1)) {
                    return false;
                }
            }
        }
        return true;
    }
}
