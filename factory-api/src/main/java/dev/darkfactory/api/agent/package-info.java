/**
 * Coding agents: what an agent is given for one attempt at a spec, and what it hands back.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.api.agent;

import org.jspecify.annotations.NullMarked;
