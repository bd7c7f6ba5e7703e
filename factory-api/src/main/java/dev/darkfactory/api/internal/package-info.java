/**
 * Helpers shared by the API's own types. Not for users: anything here may change in any release.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.api.internal;

import org.jspecify.annotations.NullMarked;
