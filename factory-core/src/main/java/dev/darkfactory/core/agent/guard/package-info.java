/**
 * The holdout leak guard: canary strings planted in holdout files ({@link
 * dev.darkfactory.core.agent.guard.HoldoutCanaries}) and a check of every model request against the
 * canaries and content fingerprints of the current spec's holdouts ({@link
 * dev.darkfactory.core.agent.guard.HoldoutLeakGuard}).
 */
@NullMarked
package dev.darkfactory.core.agent.guard;

import org.jspecify.annotations.NullMarked;
