package dev.darkfactory.core.cost;

import dev.darkfactory.api.budget.Charge;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@link SqliteBudgetTest} runs in a JVM of its own: {@code reserve FILE TOKENS USD
 * TTL_SECONDS} opens the day budget in {@code FILE}, reserves, prints {@code reserved} and then
 * waits for its standard input to close, so the test can kill it with a hold still open.
 */
public final class BudgetChildProcess {

  private BudgetChildProcess() {}

  public static void main(String[] args) throws Exception {
    if (!args[0].equals("reserve")) {
      throw new IllegalArgumentException("unknown mode " + args[0]);
    }
    SqliteBudget day =
        SqliteBudget.builder(Path.of(args[1]))
            .limits(BudgetLimits.none().withCostUsd("10"))
            .reservationTtl(Duration.ofSeconds(Long.parseLong(args[4])))
            .open();
    day.tryReserve(new Charge(Long.parseLong(args[2]), new BigDecimal(args[3]))).orElseThrow();
    System.out.println("reserved");
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait to be killed
    }
  }
}
