import java.io.IOException;

/** Counts the words of standard input. */
public class WordCount {
  public static void main(String[] args) throws IOException {
    String text = new String(System.in.readAllBytes()).trim();
    System.out.println(text.split(" ").length);
  }
}
