package dev.darkfactory.api.sandbox;

import static org.apiguardian.api.API.Status.STABLE;

import dev.darkfactory.api.internal.Require;
import java.util.Arrays;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A sandbox's answer to "can you isolate on this machine?": yes, or no with every reason.
 *
 * @param isolates whether commands run here are isolated from the host
 * @param details what was checked and, when {@code isolates} is false, every reason why not
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record SandboxHealth(boolean isolates, List<String> details) {

  /** Checks every component; a sandbox that cannot isolate must say why. */
  public SandboxHealth {
    details = Require.copyOf(details, "details");
    if (!isolates && details.isEmpty()) {
      throw new IllegalArgumentException("a sandbox that cannot isolate must say why");
    }
  }

  /** A sandbox that isolates. */
  public static SandboxHealth isolating(String... details) {
    return new SandboxHealth(true, Arrays.asList(details));
  }

  /** A sandbox that cannot isolate, with the reasons. */
  public static SandboxHealth notIsolating(String... reasons) {
    return new SandboxHealth(false, Arrays.asList(reasons));
  }
}
