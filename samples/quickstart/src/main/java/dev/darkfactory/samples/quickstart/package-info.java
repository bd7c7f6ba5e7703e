/**
 * The quickstart factory: the smallest complete use of the library, run by the README's first
 * command.
 */
@NullMarked
package dev.darkfactory.samples.quickstart;

import org.jspecify.annotations.NullMarked;
