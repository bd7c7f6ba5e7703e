package dev.darkfactory.samples.quickstart;

import dev.darkfactory.api.InvalidInputException;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.work.WorkItem;
import dev.darkfactory.core.spec.SpecCatalog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Runs the quickstart factory over the bundled {@code factory/} directory: specs and visible
 * scenarios in {@code factory/specs}, holdouts in {@code factory/holdouts}, and the target
 * repository template in {@code factory/target-repo}.
 *
 * <p>The factory loop (workspaces, agent, evaluator, merging) arrives with a later release; until
 * then the quickstart does what exists: it loads and checks every spec and scenario, and prints
 * the work queue the factory would take, showing holdouts only as counts, as the coding agent
 * would.
 */
public final class Quickstart {

  private Quickstart() {}

  /**
   * Entry point.
   *
   * @param args the factory directory, by default {@code samples/quickstart/factory}
   */
  public static void main(String[] args) throws IOException {
    // Route Hibernate Validator's own logging to SLF4J like the rest of the application.
    System.setProperty("org.jboss.logging.provider", "slf4j");
    Path factory = Path.of(args.length > 0 ? args[0] : "samples/quickstart/factory");
    int status = run(factory, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Loads and prints the work queue; returns the process exit status.
   *
   * @param factory the factory directory
   * @param out where the queue is printed
   * @param err where problems are printed
   * @return 0 when every spec loaded, 1 otherwise
   */
  static int run(Path factory, PrintStream out, PrintStream err) throws IOException {
    Path specs = factory.resolve("specs");
    Path holdouts = factory.resolve("holdouts");
    SpecCatalog catalog;
    try {
      catalog = SpecCatalog.load(specs, holdouts);
    } catch (InvalidInputException e) {
      err.println("The specs are not valid; nothing was run.");
      err.println(e.getMessage());
      return 1;
    }
    out.println("Dark Factory quickstart");
    out.println("  specs:    " + specs);
    out.println("  holdouts: " + holdouts + " (never shown to the coding agent)");
    out.println();
    out.println("Work queue, highest priority first (" + catalog.size() + " specs):");
    for (WorkItem item : catalog.items()) {
      Spec spec = item.spec();
      out.println();
      out.println("  " + spec.id() + ": " + spec.title());
      out.println("    priority " + spec.priority() + ", labels " + spec.labels());
      out.println("    goal: " + firstLine(spec.goal()));
      out.println("    protected paths: " + spec.protectedPaths());
      for (Scenario s : item.scenarios().visible()) {
        out.println(
            "    visible scenario " + s.id() + ": " + s.title() + " (" + s.check().kind() + ")");
      }
      out.println(
          "    holdout scenarios: " + item.scenarios().holdouts().size() + " (contents withheld)");
    }
    out.println();
    out.println(
        "Every spec and scenario is valid. The factory loop that implements, evaluates and merges"
            + " them is not part of this release yet; this run only loaded and checked the queue.");
    return 0;
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 100 ? line.substring(0, 97) + "..." : line;
  }
}
