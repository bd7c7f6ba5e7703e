package dev.darkfactory.core.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.darkfactory.api.internal.Require;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The host's handle on running attempts of a {@link ToolLoopAgent}: send the agent a message, or
 * cancel. Thread-safe; any thread may call it at any time.
 *
 * <p>A message from {@link #steer} is queued and handed to the model with the results of the
 * current tool round (or, when the model answered without calling a tool, as the next user
 * message); if the model calls {@code finish} while a message waits, the finish is refused so the
 * model reads the message first.
 *
 * <p>{@link #cancel()} ends the attempt: it marks the handle cancelled and interrupts the thread
 * running the attempt, so a model call or a command in the sandbox is abandoned (the sandbox kills
 * the command's process tree when its caller is interrupted). The attempt ends as {@link
 * dev.darkfactory.api.agent.AgentOutcome.Aborted} with cause {@code CANCELLED}. Cancelling is
 * final: later attempts with the same handle end at once; use a new handle per attempt you may
 * cancel.
 *
 * <p>Give the handle to {@link ToolLoopAgent.Builder#steering}. An agent serving several
 * attempts at once delivers a message to the first attempt that looks, and a cancel to all.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class AgentSteering {

  private final List<String> pending = new ArrayList<>();
  private final Set<Thread> running = new LinkedHashSet<>();
  private boolean cancelled;

  /** A handle with no message and not cancelled. */
  public AgentSteering() {}

  /**
   * Queues a message for the agent.
   *
   * @param message what the model should read, plain text
   */
  public synchronized void steer(String message) {
    pending.add(Require.nonBlank(message, "message"));
  }

  /** Cancels every attempt using this handle, now and later; interrupts the threads running them. */
  public synchronized void cancel() {
    cancelled = true;
    for (Thread t : running) {
      t.interrupt();
    }
  }

  /**
   * Whether {@link #cancel()} was called.
   *
   * @return whether cancelled
   */
  public synchronized boolean cancelled() {
    return cancelled;
  }

  /**
   * Whether messages wait to be delivered.
   *
   * @return whether any message is queued
   */
  public synchronized boolean hasMessages() {
    return !pending.isEmpty();
  }

  /** Takes every queued message, oldest first. */
  synchronized List<String> drain() {
    List<String> messages = List.copyOf(pending);
    pending.clear();
    return messages;
  }

  /** Registers the current thread as running an attempt; a cancel interrupts it. */
  synchronized void attach(Thread thread) {
    running.add(thread);
  }

  /**
   * Unregisters the thread; after this, a cancel no longer interrupts it. Clears an interrupt this
   * handle caused, so it does not leak into the caller.
   */
  synchronized void detach(Thread thread) {
    running.remove(thread);
    if (cancelled && thread == Thread.currentThread()) {
      Thread.interrupted();
    }
  }
}
