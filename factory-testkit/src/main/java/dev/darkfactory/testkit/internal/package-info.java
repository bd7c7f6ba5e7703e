/** Helpers the testkit's packages share; not for users, and free to change in any release. */
@NullMarked
package dev.darkfactory.testkit.internal;

import org.jspecify.annotations.NullMarked;
