package dev.darkfactory.evaluator.tamper;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Looks at a candidate's change for one way of gaming the evaluation.
 *
 * <p>Checks are pure: they read the change, never the file system, and must be safe to call from
 * several threads. A check that is unsure says nothing; a signal is an accusation and must carry
 * its evidence.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
@FunctionalInterface
public interface TamperCheck {

  /**
   * The signals this check finds in {@code change}.
   *
   * @param change the candidate's change and what the evaluator knows about its holdouts
   * @return the signals, each with its evidence; empty when none
   */
  List<TamperSignal> inspect(ChangeUnderReview change);
}
