/**
 * The factory's durable run journal: every step of every attempt, written before the next step
 * begins, so a factory that dies resumes where it stopped.
 *
 * <p>{@link dev.darkfactory.core.store.RunStore} is the interface; {@link
 * dev.darkfactory.core.store.SqliteRunStore} the embedded default.
 */
@NullMarked
package dev.darkfactory.core.store;

import org.jspecify.annotations.NullMarked;
