package fixture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hidden tests: {@code sumAddsEveryElement} and {@code sumOfOne} fail on the buggy code. */
class CalculatorTest {

  @Test
  void sumAddsEveryElement() {
    assertEquals(6, Calculator.sum(1, 2, 3));
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void sumOfOne(int x) {
    assertEquals(x, Calculator.sum(x));
  }

  @Test
  void sumOfNothingIsZero() {
    assertEquals(0, Calculator.sum());
  }

  @Test
  void maxPicksTheLarger() {
    assertEquals(3, Calculator.max(2, 3));
  }
}
