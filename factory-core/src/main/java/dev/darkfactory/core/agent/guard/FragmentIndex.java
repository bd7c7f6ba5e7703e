package dev.darkfactory.core.agent.guard;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds normalized holdout fragments in text, normalized the same way, in one pass (Rabin-Karp over
 * a fixed window).
 *
 * <p>Every fragment is at least {@code window} characters long. A fragment no longer than {@code
 * maxPattern} is one pattern; a longer one becomes every substring of {@code maxPattern} characters
 * (its shingles), so that quoting any long enough part of it is found. Each pattern is filed under
 * the hash of its first {@code window} characters; scanning rolls that hash over the text and
 * compares the patterns filed under it, which for text that holds no holdout content is almost
 * never. The cost is linear in the text, plus the length of each pattern a hash points at.
 */
final class FragmentIndex {

  private static final long BASE = 0x100000001B3L;

  private final int window;
  private final long power;
  private final char[][] fragments;
  private final int[] owners;
  private final int[] patternFragment;
  private final int[] patternOffset;
  private final int[] patternLength;
  private final long[] patternHash;
  private final int[] next;
  private final int[] heads;
  private final int mask;

  private FragmentIndex(
      int window,
      char[][] fragments,
      int[] owners,
      int[] patternFragment,
      int[] patternOffset,
      int[] patternLength,
      long[] patternHash) {
    this.window = window;
    long p = 1;
    for (int i = 1; i < window; i++) {
      p *= BASE;
    }
    this.power = p;
    this.fragments = fragments;
    this.owners = owners;
    this.patternFragment = patternFragment;
    this.patternOffset = patternOffset;
    this.patternLength = patternLength;
    this.patternHash = patternHash;
    int n = patternHash.length;
    int capacity = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;
    this.mask = capacity - 1;
    this.heads = new int[capacity];
    java.util.Arrays.fill(heads, -1);
    this.next = new int[n];
    for (int i = n - 1; i >= 0; i--) {
      int slot = slot(patternHash[i]);
      next[i] = heads[slot];
      heads[slot] = i;
    }
  }

  /**
   * An index of fragments.
   *
   * @param fragments normalized fragments, each at least {@code window} characters long
   * @param owners for each fragment, the index of what it belongs to
   * @param window the shortest fragment and the length of the hashed prefix
   * @param maxPattern the longest pattern; longer fragments are cut into shingles of this length
   */
  static FragmentIndex of(
      List<String> fragments, List<Integer> owners, int window, int maxPattern) {
    if (maxPattern < window) {
      throw new IllegalArgumentException(
          "maxPattern " + maxPattern + " must be at least the window " + window);
    }
    List<int[]> patterns = new ArrayList<>();
    for (int f = 0; f < fragments.size(); f++) {
      String text = fragments.get(f);
      if (text.length() < window) {
        throw new IllegalArgumentException("fragment " + f + " is shorter than the window");
      }
      if (text.length() <= maxPattern) {
        patterns.add(new int[] {f, 0, text.length()});
      } else {
        for (int off = 0; off + maxPattern <= text.length(); off++) {
          patterns.add(new int[] {f, off, maxPattern});
        }
      }
    }
    int n = patterns.size();
    int[] pf = new int[n];
    int[] po = new int[n];
    int[] pl = new int[n];
    long[] ph = new long[n];
    for (int i = 0; i < n; i++) {
      int[] p = patterns.get(i);
      pf[i] = p[0];
      po[i] = p[1];
      pl[i] = p[2];
      ph[i] = hash(fragments.get(p[0]), p[1], window);
    }
    int[] ownerArray = owners.stream().mapToInt(Integer::intValue).toArray();
    return new FragmentIndex(
        window,
        fragments.stream().map(String::toCharArray).toArray(char[][]::new),
        ownerArray,
        pf,
        po,
        pl,
        ph);
  }

  /** The same index without the patterns in {@code drop}. */
  FragmentIndex without(BitSet drop) {
    int n = patternHash.length - drop.cardinality();
    int[] pf = new int[n];
    int[] po = new int[n];
    int[] pl = new int[n];
    long[] ph = new long[n];
    int j = 0;
    for (int i = 0; i < patternHash.length; i++) {
      if (!drop.get(i)) {
        pf[j] = patternFragment[i];
        po[j] = patternOffset[i];
        pl[j] = patternLength[i];
        ph[j] = patternHash[i];
        j++;
      }
    }
    return new FragmentIndex(window, fragments, owners, pf, po, pl, ph);
  }

  /** How many patterns the index holds. */
  int patterns() {
    return patternHash.length;
  }

  /** The owner of a pattern. */
  int owner(int pattern) {
    return owners[patternFragment[pattern]];
  }

  /**
   * Marks every pattern found in a text, after normalizing it.
   *
   * @param text any text
   * @param found where to set the index of each pattern found
   */
  void findAll(CharSequence text, BitSet found) {
    scan(text, found);
  }

  /**
   * The first pattern found in a text after normalizing it, by position.
   *
   * @param text any text
   * @return the pattern's index, or {@code -1} when none is found
   */
  int findFirst(CharSequence text) {
    return scan(text, null);
  }

  private int scan(CharSequence raw, @Nullable BitSet found) {
    char[] text = new char[raw.length()];
    int n = normalize(raw, text);
    if (n < window || patternHash.length == 0) {
      return -1;
    }
    long h = 0;
    for (int i = 0; i < window; i++) {
      h = h * BASE + text[i];
    }
    for (int i = 0; ; i++) {
      for (int p = heads[slot(h)]; p >= 0; p = next[p]) {
        if (patternHash[p] == h && patternLength[p] <= n - i && matches(text, i, p)) {
          if (found == null) {
            return p;
          }
          found.set(p);
        }
      }
      if (i + window >= n) {
        return -1;
      }
      h = (h - text[i] * power) * BASE + text[i + window];
    }
  }

  private boolean matches(char[] text, int at, int pattern) {
    char[] fragment = fragments[patternFragment[pattern]];
    int offset = patternOffset[pattern];
    int length = patternLength[pattern];
    for (int k = 0; k < length; k++) {
      if (text[at + k] != fragment[offset + k]) {
        return false;
      }
    }
    return true;
  }

  private int slot(long h) {
    long x = h * 0x9E3779B97F4A7C15L;
    return (int) (x ^ (x >>> 32)) & mask;
  }

  private static long hash(String s, int from, int length) {
    long h = 0;
    for (int i = from; i < from + length; i++) {
      h = h * BASE + s.charAt(i);
    }
    return h;
  }

  /**
   * Collapses every run of whitespace to one space and trims the ends; case and everything else is
   * kept.
   */
  static String normalize(CharSequence s) {
    char[] out = new char[s.length()];
    return new String(out, 0, normalize(s, out));
  }

  /** Normalizes {@code s} into {@code out}, which is at least as long; returns the length. */
  private static int normalize(CharSequence s, char[] out) {
    int n = s.length();
    int length = 0;
    boolean space = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        space = length > 0;
      } else {
        if (space) {
          out[length++] = ' ';
          space = false;
        }
        out[length++] = c;
      }
    }
    return length;
  }

  private static boolean isSpace(char c) {
    if (c > ' ' && c < 0x80) {
      return false;
    }
    return c == ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c);
  }
}
