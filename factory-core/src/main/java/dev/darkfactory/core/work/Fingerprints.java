package dev.darkfactory.core.work;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import dev.darkfactory.api.spec.Check;
import dev.darkfactory.api.spec.CommandCheck;
import dev.darkfactory.api.spec.ModelJudgeCheck;
import dev.darkfactory.api.spec.OutputMatcher;
import dev.darkfactory.api.spec.Scenario;
import dev.darkfactory.api.spec.Spec;
import dev.darkfactory.api.spec.TestSuiteCheck;
import dev.darkfactory.api.work.WorkItem;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Content fingerprints of work items, so a queue can tell whether the spec it finished is still the
 * spec on disk.
 *
 * <p>{@link #of(WorkItem)} is the SHA-256, in lowercase hex, of a canonical byte encoding of the
 * spec and every scenario, visible and holdout. The encoding is written field by field, each value
 * tagged with its type and strings and collections prefixed with their length, so it does not
 * depend on the JVM, the machine, {@code toString()} formats or hash iteration order:
 *
 * <ul>
 *   <li>every component of {@link Spec} and {@link Scenario} counts, except {@code source}: where
 *       a file lives is not content, so moving or renaming a file keeps the fingerprint;
 *   <li>maps are encoded sorted by key and sets sorted by element (as {@code equals} ignores their
 *       order), lists in their order;
 *   <li>scenarios are encoded sorted by id (ids are unique within an item), so reading the same
 *       scenarios from files in another order keeps the fingerprint;
 *   <li>a check counts with its {@link Check#kind() kind} and all its content. The library's
 *       {@link CommandCheck}, {@link TestSuiteCheck} and {@link ModelJudgeCheck} (with their
 *       {@link OutputMatcher}s) are encoded component by component. A custom check that is a
 *       record is encoded by its record components in declaration order, by name and value;
 *       values that are strings, numbers, booleans, characters, enums (by name), durations,
 *       paths, optionals, arrays, lists, sets, maps and nested records are encoded structurally,
 *       anything else by its class name and {@code toString()}. A custom check that is not a
 *       record is encoded by its class name and {@code toString()}, which must therefore be
 *       deterministic and show all of its content for the fingerprint to be useful.
 * </ul>
 *
 * <p>Files a check refers to (the hidden test files of a test-suite check) count only by their
 * paths, not by their contents. The encoding carries a format version; a release that changes it
 * changes every fingerprint, which makes finished work due again.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class Fingerprints {

  /** The first value of every encoding; changes whenever the encoding does. */
  private static final String FORMAT = "dev.darkfactory/work-item-fingerprint/1";

  private static final byte NULL = 'N';
  private static final byte STRING = 'S';
  private static final byte INT = 'I';
  private static final byte LONG = 'J';
  private static final byte SHORT = 'H';
  private static final byte BYTE = 'B';
  private static final byte DOUBLE = 'D';
  private static final byte FLOAT = 'F';
  private static final byte BOOLEAN = 'Z';
  private static final byte CHAR = 'C';
  private static final byte ENUM = 'E';
  private static final byte DURATION = 'T';
  private static final byte PATH = 'P';
  private static final byte OPTIONAL = 'O';
  private static final byte LIST = 'L';
  private static final byte SET = 'U';
  private static final byte MAP = 'M';
  private static final byte RECORD = 'R';
  private static final byte OTHER = 'X';
  private static final byte BUILT_IN_CHECK = 'k';
  private static final byte RECORD_CHECK = 'r';
  private static final byte OTHER_CHECK = 'x';

  private Fingerprints() {}

  /**
   * The fingerprint of a work item's content.
   *
   * @param item the item
   * @return 64 lowercase hex digits: the SHA-256 of the item's canonical encoding
   * @throws IllegalStateException when a custom record check's components cannot be read
   */
  public static String of(WorkItem item) {
    Require.nonNull(item, "item");
    Encoder e = new Encoder();
    e.string(FORMAT);
    spec(e, item.spec());
    List<Scenario> scenarios = new ArrayList<>(item.scenarios().scenarios());
    scenarios.sort(Comparator.comparing(Scenario::id));
    e.count(LIST, scenarios.size());
    for (Scenario s : scenarios) {
      scenario(e, s);
    }
    return HexFormat.of().formatHex(sha256(e.bytes()));
  }

  private static void spec(Encoder e, Spec spec) {
    e.string(spec.id().value());
    e.string(spec.title());
    e.string(spec.summary());
    e.string(spec.goal());
    e.string(spec.constraints());
    e.string(spec.interfaces());
    e.string(spec.nonGoals());
    e.count(LIST, spec.acceptance().size());
    spec.acceptance().forEach(id -> e.string(id.value()));
    e.stringMap(spec.otherSections());
    e.stringSet(spec.labels());
    e.integer(spec.priority());
    e.strings(spec.protectedPaths());
  }

  private static void scenario(Encoder e, Scenario s) {
    e.string(s.id().value());
    e.string(s.title());
    e.string(s.description());
    e.string(s.visibility().name());
    e.floating(s.weight());
    e.bool(s.required());
    e.integer(s.trials());
    e.duration(s.timeout());
    check(e, s.check());
  }

  private static void check(Encoder e, Check check) {
    if (check instanceof CommandCheck c) {
      e.tag(BUILT_IN_CHECK);
      e.string(CommandCheck.KIND);
      e.strings(c.command());
      e.integer(c.exitCode());
      matchers(e, c.stdout());
      matchers(e, c.stderr());
    } else if (check instanceof TestSuiteCheck c) {
      e.tag(BUILT_IN_CHECK);
      e.string(TestSuiteCheck.KIND);
      e.strings(c.command());
      e.string(c.reports());
      e.stringMap(c.files());
      e.stringSet(c.failToPass());
      e.stringSet(c.passToPass());
    } else if (check instanceof ModelJudgeCheck c) {
      e.tag(BUILT_IN_CHECK);
      e.string(ModelJudgeCheck.KIND);
      e.string(c.rubric());
      e.integer(c.votes());
      e.nullableString(c.model());
    } else if (check instanceof Record r) {
      e.tag(RECORD_CHECK);
      e.string(check.kind());
      e.recordComponents(r);
    } else {
      e.tag(OTHER_CHECK);
      e.string(check.kind());
      e.string(check.getClass().getName());
      e.string(String.valueOf(check));
    }
  }

  private static void matchers(Encoder e, List<OutputMatcher> matchers) {
    e.count(LIST, matchers.size());
    for (OutputMatcher m : matchers) {
      if (m instanceof OutputMatcher.Equals eq) {
        e.string("equals");
        e.string(eq.expected());
      } else if (m instanceof OutputMatcher.Contains c) {
        e.string("contains");
        e.string(c.text());
      } else if (m instanceof OutputMatcher.Regex r) {
        e.string("regex");
        e.string(r.pattern());
      } else if (m instanceof OutputMatcher.JsonField j) {
        e.string("json");
        e.string(j.pointer());
        e.string(j.expected());
      } else {
        // A matcher added to the sealed interface after this encoding was written.
        e.string(m.getClass().getSimpleName());
        e.value(m);
      }
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /** Writes tagged values; each value's encoding is self-delimiting. */
  private static final class Encoder {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(buffer);

    byte[] bytes() {
      return buffer.toByteArray();
    }

    void tag(byte tag) {
      try {
        out.writeByte(tag);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void count(byte tag, int count) {
      try {
        out.writeByte(tag);
        out.writeInt(count);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void string(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      count(STRING, utf8.length);
      try {
        out.write(utf8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void nullableString(@Nullable String s) {
      if (s == null) {
        tag(NULL);
      } else {
        string(s);
      }
    }

    void integer(int i) {
      try {
        out.writeByte(INT);
        out.writeInt(i);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void longInteger(long l) {
      try {
        out.writeByte(LONG);
        out.writeLong(l);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void floating(double d) {
      try {
        out.writeByte(DOUBLE);
        out.writeLong(Double.doubleToLongBits(d));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void bool(boolean b) {
      try {
        out.writeByte(BOOLEAN);
        out.writeBoolean(b);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void duration(Duration d) {
      try {
        out.writeByte(DURATION);
        out.writeLong(d.getSeconds());
        out.writeInt(d.getNano());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void strings(List<String> strings) {
      count(LIST, strings.size());
      strings.forEach(this::string);
    }

    void stringSet(Set<String> strings) {
      List<String> sorted = new ArrayList<>(strings);
      sorted.sort(Comparator.naturalOrder());
      count(SET, sorted.size());
      sorted.forEach(this::string);
    }

    void stringMap(Map<String, String> map) {
      List<String> keys = new ArrayList<>(map.keySet());
      keys.sort(Comparator.naturalOrder());
      count(MAP, keys.size());
      for (String key : keys) {
        string(key);
        string(map.get(key));
      }
    }

    void recordComponents(Record record) {
      RecordComponent[] components = record.getClass().getRecordComponents();
      count(RECORD, components.length);
      for (RecordComponent component : components) {
        string(component.getName());
        value(read(record, component));
      }
    }

    /** Any value of a custom check, encoded by its structure where it has a known one. */
    void value(@Nullable Object v) {
      if (v == null) {
        tag(NULL);
      } else if (v instanceof String s) {
        string(s);
      } else if (v instanceof Integer i) {
        integer(i);
      } else if (v instanceof Long l) {
        longInteger(l);
      } else if (v instanceof Double d) {
        floating(d);
      } else if (v instanceof Boolean b) {
        bool(b);
      } else if (v instanceof Short s) {
        write(SHORT, s);
      } else if (v instanceof Byte b) {
        write(BYTE, b);
      } else if (v instanceof Character c) {
        write(CHAR, c);
      } else if (v instanceof Float f) {
        write(FLOAT, Float.floatToIntBits(f));
      } else if (v instanceof Enum<?> en) {
        tag(ENUM);
        string(en.name());
      } else if (v instanceof Duration d) {
        duration(d);
      } else if (v instanceof Path p) {
        tag(PATH);
        path(p);
      } else if (v instanceof Optional<?> o) {
        tag(OPTIONAL);
        value(o.orElse(null));
      } else if (v instanceof List<?> list) {
        count(LIST, list.size());
        list.forEach(this::value);
      } else if (v.getClass().isArray()) {
        int n = Array.getLength(v);
        count(LIST, n);
        for (int i = 0; i < n; i++) {
          value(Array.get(v, i));
        }
      } else if (v instanceof Set<?> set) {
        sortedEncodings(SET, set);
      } else if (v instanceof Collection<?> c) {
        count(LIST, c.size());
        c.forEach(this::value);
      } else if (v instanceof Map<?, ?> map) {
        map(map);
      } else if (v instanceof Record r) {
        recordComponents(r);
      } else {
        tag(OTHER);
        string(v.getClass().getName());
        string(v.toString());
      }
    }

    private void write(byte tag, int value) {
      try {
        out.writeByte(tag);
        out.writeInt(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A path with {@code /} between names on every platform. */
    private void path(Path p) {
      StringBuilder s = new StringBuilder();
      if (p.getRoot() != null) {
        s.append('/');
      }
      for (int i = 0; i < p.getNameCount(); i++) {
        if (i > 0) {
          s.append('/');
        }
        s.append(p.getName(i));
      }
      string(s.toString());
    }

    private void sortedEncodings(byte tag, Collection<?> values) {
      List<byte[]> encoded = new ArrayList<>(values.size());
      for (Object v : values) {
        Encoder one = new Encoder();
        one.value(v);
        encoded.add(one.bytes());
      }
      encoded.sort(Arrays::compareUnsigned);
      count(tag, encoded.size());
      encoded.forEach(this::raw);
    }

    private void map(Map<?, ?> map) {
      List<byte[][]> entries = new ArrayList<>(map.size());
      map.forEach(
          (k, val) -> {
            Encoder key = new Encoder();
            key.value(k);
            Encoder value = new Encoder();
            value.value(val);
            entries.add(new byte[][] {key.bytes(), value.bytes()});
          });
      entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
      count(MAP, entries.size());
      for (byte[][] entry : entries) {
        raw(entry[0]);
        raw(entry[1]);
      }
    }

    private void raw(byte[] bytes) {
      try {
        out.write(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static @Nullable Object read(Record record, RecordComponent component) {
      Method accessor = component.getAccessor();
      try {
        try {
          return accessor.invoke(record);
        } catch (IllegalAccessException e) {
          accessor.setAccessible(true);
          return accessor.invoke(record);
        }
      } catch (IllegalAccessException | RuntimeException e) {
        throw new IllegalStateException(
            "cannot read component '"
                + component.getName()
                + "' of check "
                + record.getClass().getName()
                + " to fingerprint it; make the record public or open its package",
            e);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException(
            "component '"
                + component.getName()
                + "' of check "
                + record.getClass().getName()
                + " threw while fingerprinting it",
            e.getCause());
      }
    }
  }
}
