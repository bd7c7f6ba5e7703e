package dev.darkfactory.testkit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Turns on the {@link FactoryTestExtension} for a test class or method, and configures what it
 * injects: a fresh {@link dev.darkfactory.testkit.git.TestRepository} and a {@link ManualClock}
 * (also as {@link java.time.Clock}) per test, removed after it.
 *
 * <pre>{@code
 * @FactoryTest
 * class MergeTest {
 *   @Test
 *   void mergesIntoMain(TestRepository repo, ManualClock clock) throws Exception {
 *     CommitId c = repo.commitOn("factory/greeting/attempt-1", "add greeting", Map.of("a.txt", "hi\n"));
 *     clock.advance(Duration.ofMinutes(5));
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>On a method it overrides the settings of its class; on a nested class, those of the
 * enclosing class. It is not itself a {@code @Test}.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FactoryTestExtension.class)
public @interface FactoryTest {

  /**
   * The target branch of the injected repository; its first commit is empty.
   *
   * @return the branch name; {@code main} by default
   */
  String branch() default "main";

  /**
   * Where the injected clock starts, as an ISO-8601 instant.
   *
   * @return the instant; {@code 2026-01-01T00:00:00Z} ({@link ManualClock#DEFAULT_START}) by
   *     default
   */
  String clockStart() default "2026-01-01T00:00:00Z";

  /**
   * The injected clock's zone, as a {@link java.time.ZoneId} such as {@code UTC} or {@code
   * Europe/Berlin}.
   *
   * @return the zone id; {@code UTC} by default
   */
  String zone() default "UTC";
}
