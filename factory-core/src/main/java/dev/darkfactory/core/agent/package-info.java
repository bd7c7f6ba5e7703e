/**
 * The default coding agent: a tool loop that implements a spec inside the sandbox, with limits,
 * loop detection, steering, hooks, a transcript and memory between attempts.
 */
@NullMarked
package dev.darkfactory.core.agent;

import org.jspecify.annotations.NullMarked;
