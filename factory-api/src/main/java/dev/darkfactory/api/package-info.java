/**
 * The public contracts of Dark Factory for Java: the root holds what every part shares (source locations and the input problems readers report).
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.api;

import org.jspecify.annotations.NullMarked;
