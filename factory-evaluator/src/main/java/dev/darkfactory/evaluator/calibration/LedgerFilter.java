package dev.darkfactory.evaluator.calibration;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Instant;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Which ledger records to read: all of them, or those with a label, of a repository, decided in a
 * time window, or produced by one configuration. Unset parts match everything.
 *
 * @param label a label the record's spec carries, or null
 * @param repository the repository, or null
 * @param from the earliest decision time, inclusive, or null
 * @param until the latest decision time, exclusive, or null
 * @param configurationId a {@link CalibrationConfiguration#id()}, or null
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record LedgerFilter(
    @Nullable String label,
    @Nullable String repository,
    @Nullable Instant from,
    @Nullable Instant until,
    @Nullable String configurationId) {

  /** Every record. */
  public static final LedgerFilter ALL = new LedgerFilter(null, null, null, null, null);

  /** Checks the window. */
  public LedgerFilter {
    if (from != null && until != null && !from.isBefore(until)) {
      throw new IllegalArgumentException("from (" + from + ") must be before until (" + until + ")");
    }
  }

  /** This filter, also requiring {@code label}. */
  public LedgerFilter withLabel(String label) {
    return new LedgerFilter(label, repository, from, until, configurationId);
  }

  /** This filter, also requiring {@code repository}. */
  public LedgerFilter withRepository(String repository) {
    return new LedgerFilter(label, repository, from, until, configurationId);
  }

  /** This filter, also requiring a decision time in {@code [from, until)}. */
  public LedgerFilter between(Instant from, Instant until) {
    return new LedgerFilter(label, repository, from, until, configurationId);
  }

  /** This filter, also requiring {@code configuration}. */
  public LedgerFilter withConfiguration(CalibrationConfiguration configuration) {
    return new LedgerFilter(label, repository, from, until, configuration.id());
  }

  /** Whether {@code record} passes this filter. */
  public boolean matches(LedgerRecord record) {
    return (label == null || record.labels().contains(label))
        && (repository == null || record.repository().equals(repository))
        && (from == null || !record.decidedAt().isBefore(from))
        && (until == null || record.decidedAt().isBefore(until))
        && (configurationId == null || record.configuration().id().equals(configurationId));
  }

  /** The label, when set. */
  public Optional<String> labelSetting() {
    return Optional.ofNullable(label);
  }
}
