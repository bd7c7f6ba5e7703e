package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.workspace.Candidate;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The durable, append-only record of every decided candidate and every human review of it: the
 * evidence a calibration gate reads. Nothing in it is ever changed or deleted; a later review of a
 * candidate supersedes an earlier one and both are kept.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public interface AlignmentLedger {

  /**
   * Records a decision. Its {@code reviews} must be empty: reviews come later, through {@link
   * #recordReview}.
   *
   * @param decision the decided candidate
   * @throws IllegalArgumentException when the candidate is already recorded, or reviews are given
   */
  void recordDecision(LedgerRecord decision);

  /**
   * Records a human review of a decided candidate.
   *
   * @param candidate the candidate, as recorded
   * @param review the review
   * @throws IllegalArgumentException when the candidate was never recorded
   */
  void recordReview(Candidate candidate, Review review);

  /**
   * The records that pass {@code filter}, in decision order, each with all of its reviews.
   *
   * @param filter which records
   * @return the records
   */
  List<LedgerRecord> records(LedgerFilter filter);

  /**
   * Writes every record as one JSON object per line, in decision order.
   *
   * @param out where to write
   * @throws IOException when writing fails
   */
  void exportJsonLines(Writer out) throws IOException;
}
