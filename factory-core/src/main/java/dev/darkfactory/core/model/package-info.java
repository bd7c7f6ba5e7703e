/**
 * Model providers on the JDK HTTP client: the vendors' native APIs, the interceptor chain that
 * retry, budgets and the holdout leak guard plug into, the registry that finds providers, and
 * structured output.
 *
 * <p>Every provider maps the vendor-neutral {@link dev.darkfactory.api.model.ModelRequest} onto
 * its vendor's wire format, accounts every token in {@link dev.darkfactory.api.model.Usage}, and
 * reports failures as {@link dev.darkfactory.api.model.ModelException} with a kind that says
 * whether a retry may help. Providers never retry by themselves: wrap them in a {@link
 * dev.darkfactory.core.model.ModelPipeline} with a {@link
 * dev.darkfactory.core.model.RetryInterceptor}.
 */
@NullMarked
package dev.darkfactory.core.model;

import org.jspecify.annotations.NullMarked;
