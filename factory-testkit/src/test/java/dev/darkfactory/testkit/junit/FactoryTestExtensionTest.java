package dev.darkfactory.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkfactory.testkit.git.TestRepository;
import dev.darkfactory.testkit.subjects.Subject;
import dev.darkfactory.testkit.subjects.Subjects;
import dev.darkfactory.testkit.subjects.Subjects.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension, used by its own tests, and run inside tests to see cleanup and errors. */
@FactoryTest
class FactoryTestExtensionTest {

  private TestRepository fromBeforeEach;
  private ManualClock clockFromBeforeEach;

  @BeforeEach
  void remember(TestRepository repo, ManualClock clock) {
    fromBeforeEach = repo;
    clockFromBeforeEach = clock;
  }

  @Test
  void injectsARealRepositoryWithOneEmptyCommitOnMain(TestRepository repo) throws Exception {
    assertThat(repo.branch()).isEqualTo("main");
    assertThat(repo.log("main")).singleElement().asString().endsWith(" initial commit");
    assertThat(repo.files("main")).isEmpty();
    assertThat(repo.bare().resolve("HEAD")).isRegularFile();
    assertThat(repo.work().resolve(".git")).isDirectory();
  }

  @Test
  void theTestAndItsBeforeEachShareOneRepositoryAndOneClock(
      TestRepository repo, ManualClock clock, Clock plainClock) {
    assertThat(repo).isSameAs(fromBeforeEach);
    assertThat(clock).isSameAs(clockFromBeforeEach).isSameAs(plainClock);
  }

  @Test
  void theClockStartsAtTheDefaultInstantInUtcAndStandsStill(ManualClock clock) {
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(clock.getZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(clock.instant()).isEqualTo(clock.instant());
  }

  @Test
  @FactoryTest(branch = "trunk", clockStart = "2030-06-01T12:00:00Z", zone = "Europe/Berlin")
  void aMethodAnnotationOverridesTheClassSettings(TestRepository repo, ManualClock clock)
      throws Exception {
    assertThat(repo.branch()).isEqualTo("trunk");
    assertThat(repo.head("trunk")).isPresent();
    assertThat(repo.head("main")).isEmpty();
    assertThat(clock.instant()).isEqualTo(Instant.parse("2030-06-01T12:00:00Z"));
    assertThat(LocalDateTime.now(clock)).isEqualTo(LocalDateTime.parse("2030-06-01T14:00:00"));
  }

  @Test
  void everyTestGetsItsOwnRepository(TestRepository repo) throws Exception {
    repo.commit("mark this repository", Map.of("mark.txt", "this test's\n"));
    assertThat(repo.log("main")).hasSize(2);
  }

  @Nested
  @FactoryTest(clockStart = "2027-03-04T05:06:07Z")
  class InANestedClass {
    @Test
    void theNestedClassSettingsApply(ManualClock clock, TestRepository repo) {
      assertThat(clock.instant()).isEqualTo(Instant.parse("2027-03-04T05:06:07Z"));
      assertThat(repo.branch()).isEqualTo("main");
    }
  }

  // ------------------------------------------------ subjects run inside tests

  static final List<Path> SEEN = new CopyOnWriteArrayList<>();
  static final List<Boolean> EXISTED_AFTER_EACH = new CopyOnWriteArrayList<>();

  @Subject
  @FactoryTest
  static class TwoTestsOneFailing {
    @org.junit.jupiter.api.AfterEach
    void stillThere(TestRepository repo) {
      EXISTED_AFTER_EACH.add(Files.isDirectory(repo.bare()));
    }

    @Test
    void passes(TestRepository repo) {
      SEEN.add(repo.bare().getParent());
    }

    @Test
    void fails(TestRepository repo) {
      SEEN.add(repo.bare().getParent());
      throw new AssertionError("failing on purpose");
    }
  }

  @Test
  void removesEachTestsRepositoryAfterItsAfterEachMethodsEvenWhenTheTestFails() {
    SEEN.clear();
    EXISTED_AFTER_EACH.clear();

    Outcome outcome = Subjects.jupiter(TwoTestsOneFailing.class);

    assertThat(outcome.succeeded()).containsExactly("passes");
    assertThat(outcome.failed()).containsOnlyKeys("fails");
    assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
    assertThat(EXISTED_AFTER_EACH).containsExactly(true, true);
    assertThat(SEEN).allSatisfy(dir -> assertThat(dir).doesNotExist());
  }

  static final List<Path> CLASS_LEVEL = new CopyOnWriteArrayList<>();
  static final List<Boolean> CLASS_LEVEL_EXISTED = new CopyOnWriteArrayList<>();

  @Subject
  @ExtendWith(FactoryTestExtension.class)
  static class ClassLevelRepository {
    static TestRepository shared;

    @BeforeAll
    static void create(TestRepository repo) {
      shared = repo;
      CLASS_LEVEL.add(repo.bare().getParent());
    }

    @AfterAll
    static void check() {
      CLASS_LEVEL_EXISTED.add(Files.isDirectory(shared.bare()));
    }

    @Test
    void first(TestRepository own) {
      CLASS_LEVEL.add(own.bare().getParent());
      CLASS_LEVEL_EXISTED.add(Files.isDirectory(shared.bare()));
    }

    @Test
    void second(TestRepository own) {
      CLASS_LEVEL.add(own.bare().getParent());
      CLASS_LEVEL_EXISTED.add(Files.isDirectory(shared.bare()));
    }
  }

  @Test
  void aRepositoryForBeforeAllBelongsToTheClassAndEachTestStillGetsItsOwn() {
    CLASS_LEVEL.clear();
    CLASS_LEVEL_EXISTED.clear();

    Outcome outcome = Subjects.jupiter(ClassLevelRepository.class);

    assertThat(outcome.failed()).isEmpty();
    assertThat(outcome.succeeded()).containsExactlyInAnyOrder("first", "second");
    assertThat(CLASS_LEVEL).hasSize(3).doesNotHaveDuplicates();
    assertThat(CLASS_LEVEL_EXISTED).containsExactly(true, true, true);
    assertThat(CLASS_LEVEL).allSatisfy(dir -> assertThat(dir).doesNotExist());
  }

  static final List<Path> FROM_CONSTRUCTORS = new CopyOnWriteArrayList<>();

  @Subject
  @FactoryTest
  static class ConstructorInjection {
    private final TestRepository repo;

    ConstructorInjection(TestRepository repo) {
      this.repo = repo;
    }

    @Test
    void first(TestRepository same) {
      assertThat(same).isSameAs(repo);
      FROM_CONSTRUCTORS.add(repo.bare().getParent());
    }

    @Test
    void second(TestRepository same) {
      assertThat(same).isSameAs(repo);
      FROM_CONSTRUCTORS.add(repo.bare().getParent());
    }
  }

  @Test
  void aConstructorGetsTheRepositoryOfTheTestItsInstanceIsFor() {
    FROM_CONSTRUCTORS.clear();

    Outcome outcome = Subjects.jupiter(ConstructorInjection.class);

    assertThat(outcome.failed()).isEmpty();
    assertThat(outcome.succeeded()).containsExactlyInAnyOrder("first", "second");
    assertThat(FROM_CONSTRUCTORS).hasSize(2).doesNotHaveDuplicates();
    assertThat(FROM_CONSTRUCTORS).allSatisfy(dir -> assertThat(dir).doesNotExist());
  }

  @Subject
  @FactoryTest
  static class UnsupportedParameter {
    @Test
    void wantsAString(String notInjectable) {}
  }

  @Subject
  @FactoryTest
  static class UnsupportedParameterInBeforeEach {
    @BeforeEach
    void wantsAnInteger(Integer notInjectable) {}

    @Test
    void test() {}
  }

  @Test
  void aParameterOfAnUnsupportedTypeNamesItAndTheTypesTheExtensionResolves() {
    Outcome outcome = Subjects.jupiter(UnsupportedParameter.class);
    Outcome inBeforeEach = Subjects.jupiter(UnsupportedParameterInBeforeEach.class);

    assertThat(outcome.failureOf("wantsAString"))
        .startsWith("ParameterResolutionException: No ParameterResolver registered for parameter [java.lang.String notInjectable]")
        .contains("FactoryTestExtension resolves parameters of type dev.darkfactory.testkit.git.TestRepository, dev.darkfactory.testkit.junit.ManualClock and java.time.Clock")
        .contains("@TempDir Path");
    assertThat(inBeforeEach.failureOf("test"))
        .startsWith("ParameterResolutionException: No ParameterResolver registered for parameter [java.lang.Integer notInjectable]")
        .contains("FactoryTestExtension resolves parameters of type");
  }

  @Subject
  @FactoryTest(clockStart = "yesterday")
  static class BadClockStart {
    @Test
    void wantsAClock(Clock clock) {}
  }

  @Subject
  @FactoryTest(zone = "Mars/Olympus_Mons")
  static class BadZone {
    @Test
    void wantsAClock(ManualClock clock) {}
  }

  @Subject
  @FactoryTest(branch = "two..dots")
  static class BadBranch {
    @Test
    void wantsARepository(TestRepository repo) {}
  }

  @Subject
  @FactoryTest(branch = " ")
  static class BlankBranch {
    @Test
    void wantsARepository(TestRepository repo) {}
  }

  @Test
  void badSettingsSayWhichSettingWhereAndWhatIsExpected() {
    assertThat(Subjects.jupiter(BadClockStart.class).failureOf("wantsAClock"))
        .contains("@FactoryTest on class " + BadClockStart.class.getName())
        .contains("clockStart = \"yesterday\" is not an ISO-8601 instant such as 2026-01-01T00:00:00Z")
        .contains("parameter [Clock clock]");
    assertThat(Subjects.jupiter(BadZone.class).failureOf("wantsAClock"))
        .contains("zone = \"Mars/Olympus_Mons\" is not a zone id such as UTC, +02:00 or Europe/Berlin");
    assertThat(Subjects.jupiter(BadBranch.class).failureOf("wantsARepository"))
        .contains("cannot create the temporary git repository for parameter [TestRepository repo]")
        .contains("with target branch 'two..dots'")
        .contains("set by @FactoryTest on class " + BadBranch.class.getName());
    assertThat(Subjects.jupiter(BlankBranch.class).failureOf("wantsARepository"))
        .contains("branch must not be blank");
  }

  @Test
  void aRepositoryThatCouldNotBeMadeLeavesNoDirectoryBehind() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    List<Path> before = repositoriesIn(tmp);

    Subjects.jupiter(BadBranch.class);

    assertThat(repositoriesIn(tmp)).containsExactlyInAnyOrderElementsOf(before);
  }

  private static List<Path> repositoriesIn(Path tmp) throws Exception {
    try (var list = Files.list(tmp)) {
      return new ArrayList<>(
          list.filter(p -> p.getFileName().toString().startsWith("darkfactory-test-repository-")).toList());
    }
  }

  @Test
  void theClockMovesOnlyWhenTheTestMovesIt(ManualClock clock) {
    Instant start = clock.instant();

    clock.advance(Duration.ofHours(2));

    assertThat(clock.instant()).isEqualTo(start.plus(Duration.ofHours(2)));
  }
}
