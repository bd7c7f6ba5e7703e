package dev.darkfactory.temporal;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.time.Duration;
import org.apiguardian.api.API;

/**
 * What a spec's workflow is asked to do: the input of {@link SpecWorkflow#run}. It holds ids and
 * settings only, never the spec's content or its holdouts: every worker reads those from its own
 * work source, and the fingerprint makes sure it reads the same version.
 *
 * @param runId the run the spec's steps are journaled under
 * @param specId the spec's id
 * @param fingerprint the content fingerprint of the spec the run scheduled
 * @param settings how its activities are timed and retried, and how long a hold waits
 * @since 0.2.0
 */
@API(status = EXPERIMENTAL, since = "0.2.0")
public record SpecTask(String runId, String specId, String fingerprint, Settings settings) {

  /** Checks every component. */
  public SpecTask {
    Require.nonBlank(runId, "runId");
    Require.nonBlank(specId, "specId");
    Require.nonBlank(fingerprint, "fingerprint");
    Require.nonNull(settings, "settings");
  }

  /**
   * How a spec's workflow times and retries its activities and how long a held spec waits for a
   * review. Durations are in milliseconds so the workflow's input stays plain JSON.
   *
   * @param heartbeatMillis a worker that has not heartbeat for this long is presumed dead and its
   *     activity is retried elsewhere; every activity heartbeats three times as often
   * @param stepTimeoutMillis the longest one activity (an agent's whole attempt, say) may take
   * @param retryIntervalMillis the wait before the first retry of a failed activity; doubles, up
   *     to ten times this
   * @param maxStepAttempts how many times an activity is tried before the workflow fails
   * @param holdMillis how long a held spec's workflow waits for a review signal (0: it ends at
   *     once, and the spec waits in the {@code HoldQueue})
   * @since 0.2.0
   */
  @API(status = EXPERIMENTAL, since = "0.2.0")
  public record Settings(
      long heartbeatMillis,
      long stepTimeoutMillis,
      long retryIntervalMillis,
      int maxStepAttempts,
      long holdMillis) {

    /** Checks every component. */
    public Settings {
      Require.atLeast(heartbeatMillis, 100, "heartbeatMillis");
      Require.atLeast(stepTimeoutMillis, heartbeatMillis, "stepTimeoutMillis");
      Require.atLeast(retryIntervalMillis, 1, "retryIntervalMillis");
      Require.atLeast(maxStepAttempts, 1, "maxStepAttempts");
      Require.atLeast(holdMillis, 0, "holdMillis");
    }

    /**
     * The defaults: heartbeat 30 s, step timeout 2 h, retry after 1 s, 20 tries, hold 7 days.
     *
     * @return the defaults
     */
    public static Settings defaults() {
      return new Settings(
          Duration.ofSeconds(30).toMillis(),
          Duration.ofHours(2).toMillis(),
          Duration.ofSeconds(1).toMillis(),
          20,
          Duration.ofDays(7).toMillis());
    }

    /**
     * These settings with another heartbeat timeout.
     *
     * @param heartbeat at least 100 ms
     * @return the new settings
     */
    public Settings withHeartbeat(Duration heartbeat) {
      return new Settings(heartbeat.toMillis(), stepTimeoutMillis, retryIntervalMillis, maxStepAttempts, holdMillis);
    }

    /**
     * These settings with another step timeout.
     *
     * @param timeout at least the heartbeat timeout
     * @return the new settings
     */
    public Settings withStepTimeout(Duration timeout) {
      return new Settings(heartbeatMillis, timeout.toMillis(), retryIntervalMillis, maxStepAttempts, holdMillis);
    }

    /**
     * These settings with another first retry interval.
     *
     * @param interval at least 1 ms
     * @return the new settings
     */
    public Settings withRetryInterval(Duration interval) {
      return new Settings(heartbeatMillis, stepTimeoutMillis, interval.toMillis(), maxStepAttempts, holdMillis);
    }

    /**
     * These settings with another number of tries per activity.
     *
     * @param attempts at least 1
     * @return the new settings
     */
    public Settings withMaxStepAttempts(int attempts) {
      return new Settings(heartbeatMillis, stepTimeoutMillis, retryIntervalMillis, attempts, holdMillis);
    }

    /**
     * These settings with another hold.
     *
     * @param hold how long a held spec waits for a review signal; zero or more
     * @return the new settings
     */
    public Settings withHold(Duration hold) {
      return new Settings(heartbeatMillis, stepTimeoutMillis, retryIntervalMillis, maxStepAttempts, hold.toMillis());
    }
  }
}
