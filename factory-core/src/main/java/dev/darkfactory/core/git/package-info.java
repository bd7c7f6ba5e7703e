/**
 * Git, for real: the command-line tool behind a small {@link dev.darkfactory.core.git.Git} class,
 * the per-attempt workspaces, candidate commits and the integrator that merges into the target
 * branch with a compare-and-swap.
 */
@NullMarked
package dev.darkfactory.core.git;

import org.jspecify.annotations.NullMarked;
