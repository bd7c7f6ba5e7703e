package dev.darkfactory.evaluator.tamper;

import dev.darkfactory.api.workspace.FileChange;
import dev.darkfactory.evaluator.tamper.UnifiedDiff.FileDiff;
import dev.darkfactory.evaluator.tamper.UnifiedDiff.Line;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One changed file as the checks see it: its status from the change list (git's word on it) and
 * its added and removed lines from the diff.
 *
 * <p>A file in the change list that the diff does not show has no lines; a file the diff shows
 * that the change list lacks still counts, with the status its diff header gives. Files come in
 * path order.
 */
record ReviewedFile(
    String path, FileChange.Status status, List<Line> addedLines, List<Line> removedLines) {

  ReviewedFile {
    addedLines = List.copyOf(addedLines);
    removedLines = List.copyOf(removedLines);
  }

  /** Whether the file was there before the change (modified, deleted or changed type). */
  boolean existed() {
    return status != FileChange.Status.ADDED;
  }

  /** Whether the file is there after the change. */
  boolean exists() {
    return status != FileChange.Status.DELETED;
  }

  static List<ReviewedFile> of(ChangeUnderReview change) {
    Map<String, FileDiff> diffs = new LinkedHashMap<>();
    for (FileDiff d : UnifiedDiff.parse(change.diff())) {
      if (d.path().isEmpty()) {
        continue;
      }
      FileDiff known = diffs.get(d.path());
      // A type change (file to symlink) prints as a deletion and an addition of one path.
      diffs.put(d.path(), known == null ? d : merge(known, d));
    }
    Map<String, ReviewedFile> files = new java.util.TreeMap<>();
    for (FileChange c : change.changes()) {
      FileDiff d = diffs.remove(c.path());
      files.put(
          c.path(),
          d == null
              ? new ReviewedFile(c.path(), c.status(), List.of(), List.of())
              : new ReviewedFile(c.path(), c.status(), d.addedLines(), d.removedLines()));
    }
    for (FileDiff d : diffs.values()) {
      FileChange.Status status =
          d.added() && d.deleted()
              ? FileChange.Status.TYPE_CHANGED
              : d.added()
                  ? FileChange.Status.ADDED
                  : d.deleted() ? FileChange.Status.DELETED : FileChange.Status.MODIFIED;
      files.putIfAbsent(
          d.path(), new ReviewedFile(d.path(), status, d.addedLines(), d.removedLines()));
    }
    return List.copyOf(files.values());
  }

  private static FileDiff merge(FileDiff a, FileDiff b) {
    List<Line> added = new ArrayList<>(a.addedLines());
    added.addAll(b.addedLines());
    List<Line> removed = new ArrayList<>(a.removedLines());
    removed.addAll(b.removedLines());
    return new FileDiff(
        a.path(),
        a.added() || b.added(),
        a.deleted() || b.deleted(),
        a.binary() || b.binary(),
        added,
        removed);
  }
}
