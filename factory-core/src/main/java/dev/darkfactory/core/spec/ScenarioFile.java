package dev.darkfactory.core.spec;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.SourceLocation;
import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.SpecId;
import dev.darkfactory.api.spec.Visibility;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The scenarios of one YAML scenario file, with the spec they belong to.
 *
 * @param spec the spec the file names
 * @param side whether the file lies beside the specs (visible) or under the holdout root
 * @param scenarios the scenarios, in file order, with unique ids; at least one
 * @param source where the file was read from
 * @param directory the file's directory, against which test-suite file sources resolve; {@code
 *     null} when the scenarios were parsed from text
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ScenarioFile(
    SpecId spec,
    Visibility side,
    List<Scenario> scenarios,
    SourceLocation source,
    @Nullable Path directory) {

  /** Checks every component. */
  public ScenarioFile {
    Require.nonNull(spec, "spec");
    Require.nonNull(side, "side");
    scenarios = Require.copyOf(scenarios, "scenarios");
    Require.nonNull(source, "source");
  }

  /** The file's directory, when it was read from a file. */
  public Optional<Path> baseDirectory() {
    return Optional.ofNullable(directory);
  }
}
