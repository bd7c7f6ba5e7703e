/** Lists the tools this project offers. */
public class Main {
  public static void main(String[] args) {
    System.out.println("tiny tools: nothing here yet");
  }
}
