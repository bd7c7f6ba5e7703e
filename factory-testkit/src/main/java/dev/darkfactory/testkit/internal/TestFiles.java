package dev.darkfactory.testkit.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * File operations the testkit's runners and extension share.
 *
 * @since 0.1.0
 */
@API(status = INTERNAL, since = "0.1.0")
public final class TestFiles {

  private TestFiles() {}

  /**
   * Deletes a directory and everything below it, never following a symbolic link (a link is
   * deleted, not what it points to), and making a directory writable first where a test left it
   * read-only. A directory that does not exist is no error.
   *
   * @param dir the directory
   * @throws IOException when something cannot be deleted
   */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            makeWritable(file.getParent());
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, @Nullable IOException e)
              throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void makeWritable(@Nullable Path dir) {
    if (dir != null && !Files.isWritable(dir)) {
      dir.toFile().setWritable(true, true);
    }
  }
}
