/**
 * The readers' internals: the located YAML tree, the validated file models and their
 * constraints. Not for users: anything here may change in any release.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.core.spec.internal;

import org.jspecify.annotations.NullMarked;
