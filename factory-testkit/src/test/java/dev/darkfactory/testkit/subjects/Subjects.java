package dev.darkfactory.testkit.subjects;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs a {@link Subject} test class inside a test, on JUnit Jupiter or jqwik, and reads the outcome. */
public final class Subjects {

  /** The system property that lets subjects run; set only while {@link #run} runs one. */
  public static final String PROPERTY = "darkfactory.testkit.run-subjects";

  private Subjects() {}

  /** What a run of a subject class did, by test method name. */
  public record Outcome(Map<String, String> failed, Set<String> succeeded, Map<String, String> skipped) {

    /** The failure message of one test, or a failure saying it did not fail. */
    public String failureOf(String method) {
      String message = failed.get(method);
      if (message == null) {
        throw new AssertionError(
            method + " did not fail; failed: " + failed.keySet() + ", succeeded: " + succeeded + ", skipped: " + skipped.keySet());
      }
      return message;
    }

    @Override
    public String toString() {
      return "failed " + failed.keySet() + ", succeeded " + succeeded + ", skipped " + skipped.keySet();
    }
  }

  /** Runs the Jupiter tests of a subject class, or only the named ones. */
  public static Outcome jupiter(Class<?> subject, String... methods) {
    return run("junit-jupiter", subject, methods);
  }

  /** Runs the jqwik properties of a subject class, or only the named ones. */
  public static Outcome jqwik(Class<?> subject, String... methods) {
    return run("jqwik", subject, methods);
  }

  private static synchronized Outcome run(String engine, Class<?> subject, String... methods) {
    List<DiscoverySelector> selectors = new ArrayList<>();
    if (methods.length == 0) {
      selectors.add(selectClass(subject));
    }
    for (String m : methods) {
      selectors.add(selectMethod(subject, m));
    }
    String before = System.getProperty(PROPERTY);
    System.setProperty(PROPERTY, "true");
    try {
      EngineExecutionResults results =
          EngineTestKit.engine(engine)
              .configurationParameter("jqwik.database", "target/jqwik-database-subjects")
              // A broken subject fails at once; no search for its smallest failing input. (A
              // bounded search that times out leaves jqwik's shrinking thread running for the rest
              // of the JVM's life, two cores' worth of it in this suite.)
              .configurationParameter("jqwik.shrinking.default", "OFF")
              .selectors(selectors.toArray(DiscoverySelector[]::new))
              .execute();
      Map<String, String> failed = new TreeMap<>();
      Set<String> succeeded = new TreeSet<>();
      Map<String, String> skipped = new TreeMap<>();
      results.testEvents().finished().stream()
          .forEach(
              e -> {
                TestExecutionResult r = e.getPayload(TestExecutionResult.class).orElseThrow();
                String name = name(e);
                if (r.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                  succeeded.add(name);
                } else {
                  failed.put(
                      name,
                      r.getThrowable().map(t -> t.getClass().getSimpleName() + ": " + t.getMessage()).orElse("(no message)"));
                }
              });
      results.testEvents().skipped().stream()
          .forEach(e -> skipped.put(name(e), e.getPayload(String.class).orElse("")));
      results.containerEvents().failed().stream()
          .forEach(
              e ->
                  failed.put(
                      "container " + e.getTestDescriptor().getDisplayName(),
                      e.getPayload(TestExecutionResult.class)
                          .flatMap(TestExecutionResult::getThrowable)
                          .map(Throwable::toString)
                          .orElse("")));
      return new Outcome(failed, succeeded, skipped);
    } finally {
      if (before == null) {
        System.clearProperty(PROPERTY);
      } else {
        System.setProperty(PROPERTY, before);
      }
    }
  }

  private static String name(Event e) {
    TestDescriptor d = e.getTestDescriptor();
    return d.getSource()
        .filter(MethodSource.class::isInstance)
        .map(s -> ((MethodSource) s).getMethodName())
        .orElse(d.getDisplayName());
  }

  /** Skips jqwik containers and properties of a subject unless {@link #run} runs it. */
  public static final class OnlyWhenRunAsSubject implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      return "true".equals(System.getProperty(PROPERTY))
          ? SkipResult.doNotSkip()
          : SkipResult.skip("a test subject: only the test that runs it runs it");
    }
  }
}
