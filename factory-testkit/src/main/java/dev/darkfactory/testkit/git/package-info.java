/** Temporary git repositories for tests of factories. */
@NullMarked
package dev.darkfactory.testkit.git;

import org.jspecify.annotations.NullMarked;
