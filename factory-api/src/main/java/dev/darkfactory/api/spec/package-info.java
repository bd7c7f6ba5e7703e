/**
 * Specs and scenarios: the written work a factory takes in, and the checks that decide whether it was done.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.api.spec;

import org.jspecify.annotations.NullMarked;
