/**
 * A JUnit 5 extension for tests of factories and their parts: a temporary git repository and a
 * manual clock as test method parameters ({@link dev.darkfactory.testkit.junit.FactoryTest}).
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.testkit.junit;

import org.jspecify.annotations.NullMarked;
