package dev.darkfactory.testkit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.core.git.GitException;
import dev.darkfactory.testkit.git.TestRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import dev.darkfactory.testkit.internal.TestFiles;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects what a factory test needs as parameters of test methods, lifecycle methods and
 * constructors: a {@link TestRepository} (a real bare git repository with a human's clone, in a new
 * temporary directory) and a {@link ManualClock}, also injectable as {@link Clock}.
 *
 * <p>Each is made once per extension context and shared by everything resolved in it: the test
 * method and its {@code @BeforeEach} and {@code @AfterEach} methods get the same repository and the
 * same clock, and so does the test class's constructor (with JUnit's default lifecycle of one
 * instance per test), while the next test gets new ones. A repository is deleted from disk when its
 * context ends, after the test's {@code @AfterEach} methods, whether the test passed or failed. One
 * resolved for a {@code @BeforeAll} method (or for the constructor of a class with a
 * per-class lifecycle) belongs to the class and lives until the class's tests are done.
 *
 * <p>Register it with {@link FactoryTest} (which also carries its settings) or with {@code
 * @ExtendWith(FactoryTestExtension.class)} (defaults: branch {@code main}, clock at {@link
 * ManualClock#DEFAULT_START} in UTC).
 *
 * <p>Errors name the parameter and say what to change: a bad {@link FactoryTest} setting, a
 * repository that cannot be created, and a parameter of a type that no resolver supports (whose
 * JUnit message this extension extends with the types it resolves).
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class FactoryTestExtension
    implements ParameterResolver, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(FactoryTestExtension.class);

  /** What is added to JUnit's message when a parameter has no resolver. */
  static final String SUPPORTED =
      "FactoryTestExtension resolves parameters of type "
          + TestRepository.class.getName()
          + ", "
          + ManualClock.class.getName()
          + " and java.time.Clock; JUnit itself resolves TestInfo, TestReporter, RepetitionInfo and"
          + " @TempDir Path; anything else needs its own ParameterResolver";

  private enum Key {
    REPOSITORY,
    CLOCK
  }

  /** Creates the extension; JUnit does, through {@link FactoryTest} or {@code @ExtendWith}. */
  public FactoryTestExtension() {}

  /** Constructors of per-test instances get the test's repository and clock, not the class's. */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext root) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestRepository.class || type == ManualClock.class || type == Clock.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    ExtensionContext.Store store = store(context);
    if (type == TestRepository.class) {
      ManagedRepository managed = store.get(Key.REPOSITORY, ManagedRepository.class);
      if (managed == null) {
        managed = createRepository(settings(context, parameter), parameter);
        store.put(Key.REPOSITORY, managed);
      }
      return managed.repository();
    }
    ManualClock clock = store.get(Key.CLOCK, ManualClock.class);
    if (clock == null) {
      Settings s = settings(context, parameter);
      clock = ManualClock.startingAt(s.clockStart(), s.zone());
      store.put(Key.CLOCK, clock);
    }
    return clock;
  }

  /** A store of this context alone: a test never gets the repository of its class. */
  private static ExtensionContext.Store store(ExtensionContext context) {
    return context.getStore(
        ExtensionContext.Namespace.create(FactoryTestExtension.class, context.getUniqueId()));
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw explained(throwable);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw explained(throwable);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    throw explained(throwable);
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw explained(throwable);
  }

  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw explained(throwable);
  }

  /** JUnit's "no resolver" error with the types this extension resolves; anything else as is. */
  private static Throwable explained(Throwable throwable) {
    if (throwable instanceof ParameterResolutionException e
        && e.getMessage() != null
        && e.getMessage().startsWith("No ParameterResolver registered")
        && !e.getMessage().contains(SUPPORTED)) {
      ParameterResolutionException better =
          new ParameterResolutionException(e.getMessage() + " " + SUPPORTED + ".", e);
      better.setStackTrace(e.getStackTrace());
      return better;
    }
    return throwable;
  }

  private static ManagedRepository createRepository(Settings settings, ParameterContext parameter) {
    Path directory = null;
    try {
      directory = Files.createTempDirectory("darkfactory-test-repository-");
      TestRepository repository = TestRepository.create(directory, settings.branch(), Map.of());
      LOG.debug("created test repository {} for {}", directory, describe(parameter));
      return new ManagedRepository(directory, repository);
    } catch (IOException | GitException e) {
      deleteAfterFailure(directory);
      throw new ParameterResolutionException(
          "cannot create the temporary git repository for "
              + describe(parameter)
              + " with target branch '"
              + settings.branch()
              + "' (set by "
              + settings.origin()
              + "): "
              + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleteAfterFailure(directory);
      throw new ParameterResolutionException(
          "interrupted while creating the temporary git repository for " + describe(parameter), e);
    }
  }

  private static void deleteAfterFailure(@Nullable Path directory) {
    if (directory != null) {
      try {
        TestFiles.deleteTree(directory);
      } catch (IOException e) {
        LOG.warn("could not delete the half-made test repository {}", directory, e);
      }
    }
  }

  private static String describe(ParameterContext parameter) {
    return "parameter ["
        + parameter.getParameter().getType().getSimpleName()
        + " "
        + parameter.getParameter().getName()
        + "] of "
        + parameter.getDeclaringExecutable();
  }

  /** The settings of the nearest {@link FactoryTest}: method, then class, then enclosing classes. */
  private static Settings settings(ExtensionContext context, ParameterContext parameter) {
    for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
      Optional<AnnotatedElement> element = c.get().getElement();
      Optional<FactoryTest> found = AnnotationSupport.findAnnotation(element, FactoryTest.class);
      if (found.isPresent()) {
        return Settings.of(found.get(), "@FactoryTest on " + element.orElseThrow(), parameter);
      }
    }
    return Settings.of(
        Defaults.class.getAnnotation(FactoryTest.class),
        "the defaults of @ExtendWith(FactoryTestExtension.class)",
        parameter);
  }

  /** Carries the annotation's defaults. */
  @FactoryTest
  private static final class Defaults {}

  private record Settings(String branch, Instant clockStart, ZoneId zone, String origin) {
    static Settings of(FactoryTest annotation, String origin, ParameterContext parameter) {
      String branch = annotation.branch();
      if (branch.isBlank()) {
        throw new ParameterResolutionException(
            origin + ": branch must not be blank (resolving " + describe(parameter) + ")");
      }
      Instant start;
      try {
        start = Instant.parse(annotation.clockStart());
      } catch (DateTimeException e) {
        throw new ParameterResolutionException(
            origin
                + ": clockStart = \""
                + annotation.clockStart()
                + "\" is not an ISO-8601 instant such as 2026-01-01T00:00:00Z (resolving "
                + describe(parameter)
                + ")",
            e);
      }
      ZoneId zone;
      try {
        zone = ZoneId.of(annotation.zone());
      } catch (DateTimeException e) {
        throw new ParameterResolutionException(
            origin
                + ": zone = \""
                + annotation.zone()
                + "\" is not a zone id such as UTC, +02:00 or Europe/Berlin (resolving "
                + describe(parameter)
                + "): "
                + e.getMessage(),
            e);
      }
      return new Settings(branch, start, zone, origin);
    }
  }

  /** A repository and its directory, deleted when JUnit closes the context's store. */
  private record ManagedRepository(Path directory, TestRepository repository)
      implements AutoCloseable {
    @Override
    public void close() {
      try {
        TestFiles.deleteTree(directory);
        LOG.debug("deleted test repository {}", directory);
      } catch (IOException e) {
        throw new UncheckedIOException("could not delete the test repository " + directory, e);
      }
    }
  }
}
