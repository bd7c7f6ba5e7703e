/**
 * Workspaces and candidates: the git checkout an attempt works in, and the commit it produces.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.api.workspace;

import org.jspecify.annotations.NullMarked;
