package dev.darkfactory.evaluator.runner;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.evaluation.ScenarioResult;
import dev.darkfactory.api.sandbox.Sandbox;
import dev.darkfactory.api.sandbox.SandboxPolicy;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.workspace.Candidate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a {@link ScenarioRunner} gets for one trial. Implemented by the evaluator.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface TrialContext {

  /** The scenario being run. */
  Scenario scenario();

  /** The trial's number, from 1. */
  int trial();

  /** The spec the candidate implements. */
  Spec spec();

  /** The candidate being graded. */
  Candidate candidate();

  /**
   * The trial's own fresh checkout of the candidate: protected paths already restored from the
   * base commit, candidate files at holdout paths already deleted. The runner copies its material
   * in and runs here.
   */
  Path workspace();

  /**
   * The directory holding the scenario's file, against which its material paths resolve; empty for
   * a scenario built in code.
   */
  Optional<Path> scenarioDirectory();

  /** Where commands must run. */
  Sandbox sandbox();

  /**
   * The policy commands run under: the evaluator's, with this scenario's holdout paths and the
   * spec's protected paths added to the read-only paths.
   */
  SandboxPolicy policy();

  /**
   * A directory private to this trial, outside every workspace, for reports and full logs; the
   * candidate cannot pre-fill or read it.
   */
  Path evidenceDirectory();

  /** The candidate's change as a unified diff against its base. */
  String diff();

  /**
   * The results of the scenarios that ran before this one; filled only for scenarios whose runner
   * {@linkplain ScenarioRunner#needsEvidence needs evidence}, empty otherwise.
   */
  List<ScenarioResult> evidence();

  /** The evaluator's clock. */
  Clock clock();
}
