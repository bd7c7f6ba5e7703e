/**
 * The work queue: content fingerprints of work items, and the default {@link
 * dev.darkfactory.api.work.WorkSource}, a directory of specs with leased claims and completion
 * records on disk.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.core.work;

import org.jspecify.annotations.NullMarked;
