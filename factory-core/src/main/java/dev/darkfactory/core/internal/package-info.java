/** Small helpers shared by the core's packages; not for users, and may change at any time. */
@NullMarked
package dev.darkfactory.core.internal;

import org.jspecify.annotations.NullMarked;
