/**
 * jqwik arbitraries for the library's value types (specs, scenarios, scenario sets), for
 * property-based tests of readers, writers, evaluators and policies.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.testkit.arbitraries;

import org.jspecify.annotations.NullMarked;
