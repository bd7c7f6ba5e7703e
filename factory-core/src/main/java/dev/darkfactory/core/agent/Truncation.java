package dev.darkfactory.core.agent;

/** Shortens a tool's output for the model. */
final class Truncation {

  private Truncation() {}

  /** The text to send and whether it was cut. */
  record Limited(String text, boolean truncated) {}

  static Limited apply(String text, int maxChars, int maxLines) {
    if (text.length() <= maxChars && text.lines().count() <= maxLines) {
      return new Limited(text, false);
    }
    String cut = text.substring(0, Math.min(maxChars, text.length()));
    return new Limited(cut + "\n[... " + (text.length() - cut.length()) + " characters removed ...]", true);
  }
}
