import java.io.IOException;

/** Counts the words of standard input: maximal runs of non-whitespace characters. */
public class WordCount {
  public static void main(String[] args) throws IOException {
    String text = new String(System.in.readAllBytes()).strip();
    System.out.println(text.isEmpty() ? 0 : text.split("\\s+").length);
  }
}
