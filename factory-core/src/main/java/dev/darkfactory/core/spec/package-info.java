/**
 * Reading and writing specs and scenarios: Markdown spec files, YAML scenario files, and the
 * catalog that loads a directory of specs with its separate holdout root, reporting every problem
 * at once with file and line.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.core.spec;

import org.jspecify.annotations.NullMarked;
