package dev.darkfactory.core.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hash of a workspace's content: every path, in sorted order (but {@code .git} directories) with its kind and its
 * content or link target, so two fingerprints are equal exactly when no file was added, removed,
 * changed or retyped. A file's content hash is reused while its size and modification time stay
 * the same (and it was not modified in the last seconds), so a fingerprint of an unchanged tree
 * reads little more than its metadata. Not thread-safe: one per
 * attempt.
 */
final class WorkspaceFingerprint {

  private record Stamp(long size, long modified, long hashedAt, String hash) {}

  private final Path root;
  private final Map<Path, Stamp> known = new HashMap<>();

  WorkspaceFingerprint(Path root) {
    this.root = root;
  }

  /** The fingerprint of the tree as it is now. */
  String take() throws IOException {
    Map<String, String> tree = new TreeMap<>();
    Map<Path, Stamp> seen = new HashMap<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root) && dir.getFileName().toString().equals(".git")) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            entry(tree, "d", root.relativize(dir).toString(), "");
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            String relative = root.relativize(file).toString();
            if (attrs.isSymbolicLink()) {
              entry(tree, "l", relative, Files.readSymbolicLink(file).toString());
            } else if (attrs.isRegularFile()) {
              Stamp old = known.get(file);
              long modified = attrs.lastModifiedTime().toMillis();
              Stamp stamp =
                  old != null
                          && old.size() == attrs.size()
                          && old.modified() == modified
                          // Like git's "racily clean" rule: a file modified shortly before it was
                          // hashed may have changed again within the file system's timestamp
                          // granularity, so that hash is not reused.
                          && modified < old.hashedAt() - 2_000
                      ? old
                      : new Stamp(attrs.size(), modified, System.currentTimeMillis(), hashOf(file));
              seen.put(file, stamp);
              entry(tree, "f", relative, stamp.hash());
            } else {
              entry(tree, "o", relative, "");
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            entry(tree, "?", root.relativize(file).toString(), e.getClass().getSimpleName());
            return FileVisitResult.CONTINUE;
          }
        });
    known.clear();
    known.putAll(seen);
    MessageDigest digest = sha256();
    tree.forEach(
        (path, entry) ->
            digest.update((path + "\0" + entry + "\n").getBytes(StandardCharsets.UTF_8)));
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void entry(Map<String, String> tree, String kind, String path, String content) {
    tree.put(path, kind + "\0" + content);
  }

  private static String hashOf(Path file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      return "unreadable:" + e.getClass().getSimpleName();
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
