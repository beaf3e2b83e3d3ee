package dev.plumbline.source;

import java.nio.file.Path;
import java.util.List;

/**
 * A commit written into a directory.
 *
 * @param commit       the full commit id that was written
 * @param directory    where it was written
 * @param skippedLinks repo-relative paths of symbolic links that were not created because they are absolute or
 *                     lead outside the directory
 */
public record Checkout(String commit, Path directory, List<String> skippedLinks) {
    public Checkout {
        skippedLinks = List.copyOf(skippedLinks);
    }
}
