/**
 * The factory loop on Temporal: one durable workflow per spec, its steps as activities, so many
 * workers on many machines share the work and a worker that dies loses nothing.
 */
@NullMarked
package dev.darkfactory.temporal;

import org.jspecify.annotations.NullMarked;
