/**
 * The contract suite every {@link dev.darkfactory.api.merge.MergePolicy} passes: {@link
 * dev.darkfactory.testkit.merge.MergePolicyContract}, an abstract test class a user extends.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.testkit.merge;

import org.jspecify.annotations.NullMarked;
