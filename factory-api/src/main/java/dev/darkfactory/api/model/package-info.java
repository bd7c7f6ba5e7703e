/**
 * The model provider SPI: requests, responses, messages, tools and token usage, with no vendor named.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.api.model;

import org.jspecify.annotations.NullMarked;
