package dev.plumbline.source;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** Questions about commits already in a mirror: ancestry, where two lines branched, which paths differ. */
final class History {
    private History() { }

    static boolean isAncestor(Repository repo, ObjectId ancestor, ObjectId descendant) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(descendant));
        }
    }

    static Optional<String> mergeBase(Repository repo, ObjectId a, ObjectId b) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(a));
            walk.markStart(walk.parseCommit(b));
            return Optional.ofNullable(walk.next()).map(RevCommit::getName);
        }
    }

    /** Sorted paths added, modified or deleted, and both paths of a rename; a null {@code from} is the empty tree. */
    static List<String> changedFiles(Repository repo, ObjectId from, ObjectId to) throws IOException {
        try (RevWalk walk = new RevWalk(repo); TreeWalk trees = new TreeWalk(repo)) {
            if (from == null) {
                trees.addTree(new EmptyTreeIterator());
            } else {
                trees.addTree(walk.parseCommit(from).getTree());
            }
            trees.addTree(walk.parseCommit(to).getTree());
            trees.setRecursive(true);
            trees.setFilter(TreeFilter.ANY_DIFF);
            TreeSet<String> paths = new TreeSet<>();
            for (DiffEntry entry : DiffEntry.scan(trees)) {
                if (entry.getChangeType() != DiffEntry.ChangeType.ADD) {
                    paths.add(entry.getOldPath());
                }
                if (entry.getChangeType() != DiffEntry.ChangeType.DELETE) {
                    paths.add(entry.getNewPath());
                }
            }
            return List.copyOf(paths);
        }
    }
}
