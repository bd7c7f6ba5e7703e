/** The testkit-usage sample: a team's own merge policy, and (in its tests) how to test one. */
@NullMarked
package dev.darkfactory.samples.testkitusage;

import org.jspecify.annotations.NullMarked;
