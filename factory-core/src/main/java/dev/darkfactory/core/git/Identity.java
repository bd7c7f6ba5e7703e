package dev.darkfactory.core.git;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import org.apiguardian.api.API;

/**
 * The name and e-mail address the factory writes as author and committer of candidates and merge
 * commits.
 *
 * @param name the name
 * @param email the e-mail address
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record Identity(String name, String email) {

  /** The default: {@code Dark Factory <dark-factory@localhost>}. */
  public static final Identity FACTORY = new Identity("Dark Factory", "dark-factory@localhost");

  /** Checks both parts: single lines, no angle brackets (git would reject or mangle them). */
  public Identity {
    Require.nonBlank(name, "name");
    Require.nonBlank(email, "email");
    for (String part : new String[] {name, email}) {
      if (part.contains("<") || part.contains(">") || part.contains("\n")) {
        throw new IllegalArgumentException(
            "identity parts may not hold '<', '>' or a line break but got " + Require.quote(part));
      }
    }
  }
}
