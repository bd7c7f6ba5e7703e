package dev.darkfactory.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.api.spec.Spec;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API jar depends on nothing heavy: its compiled classes refer only to the JDK, to JSpecify and
 * apiguardian annotations, and to the API itself.
 */
class ApiDependenciesTest {

  // Internal class names as they appear in a class file's constant pool.
  private static final Pattern CLASS_NAME =
      Pattern.compile("(?<![A-Za-z0-9_$/])(?:com|org|net|io|jakarta|javax|dev)/[A-Za-z0-9_$]+(?:/[A-Za-z0-9_$]+)+");
  private static final List<String> ALLOWED =
      List.of("org/jspecify/", "org/apiguardian/", "dev/darkfactory/api/");

  @Test
  void compiledApiClassesReferToNothingButTheJdkAndTwoAnnotationLibraries()
      throws IOException, URISyntaxException {
    Path classes = Path.of(Spec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> foreign = new TreeSet<>();
    int scanned = 0;
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        scanned++;
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        Matcher m = CLASS_NAME.matcher(bytes);
        while (m.find()) {
          String name = m.group();
          if (ALLOWED.stream().noneMatch(name::startsWith)) {
            foreign.add(classes.relativize(file) + " -> " + name);
          }
        }
      }
    }

    assertThat(scanned).as("API classes scanned").isGreaterThan(50);
    assertThat(foreign).isEmpty();
  }

  /**
   * Vendors are named in the core's providers, never in the contracts users program against:
   * neither in the code nor in the Javadoc.
   */
  @Test
  void theApiNeverNamesAModelVendor() throws IOException, URISyntaxException {
    Path classes = Path.of(Spec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Pattern vendor =
        Pattern.compile(
            "anthropic|openai|gemini|claude|\\bgpt|mistral|ollama|vllm|bedrock|vertex",
            Pattern.CASE_INSENSITIVE);
    Set<String> named = new TreeSet<>();
    Path sources = Path.of("src/main/java");
    assertThat(sources).as("run from the module directory").isDirectory();
    try (Stream<Path> files = Stream.concat(Files.walk(classes), Files.walk(sources))) {
      for (Path file :
          files.filter(f -> f.toString().endsWith(".class") || f.toString().endsWith(".java")).toList()) {
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        Matcher m = vendor.matcher(bytes);
        while (m.find()) {
          named.add(file.getFileName() + " names " + m.group());
        }
      }
    }

    assertThat(named).isEmpty();
  }
}
