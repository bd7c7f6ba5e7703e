import org.junit.jupiter.api.Test;

class FarewellTest {
  @Test
  void saysGoodbye() {}
}
