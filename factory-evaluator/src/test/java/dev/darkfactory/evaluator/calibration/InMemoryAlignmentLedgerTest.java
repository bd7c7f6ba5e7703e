package dev.darkfactory.evaluator.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger contract, over {@link InMemoryAlignmentLedger}. */
class InMemoryAlignmentLedgerTest extends AlignmentLedgerContractTest {

  @Override
  AlignmentLedger ledger() {
    return SqliteAlignmentLedger.inMemory();
  }

  @Override
  void recordAll(AlignmentLedger ledger, List<LedgerRecord> decisions) {
    ((InMemoryAlignmentLedger) ledger).recordDecisions(decisions);
  }

  @Test
  void eachCallGivesANewEmptyLedger() {
    AlignmentLedger one = SqliteAlignmentLedger.inMemory();
    one.recordDecision(decision("add-login", T0));

    assertThat(SqliteAlignmentLedger.inMemory().records(LedgerFilter.ALL)).isEmpty();
    assertThat(one.records(LedgerFilter.ALL)).hasSize(1);
  }
}
