/**
 * Cost control: what model calls cost and hard limits on what they may spend.
 *
 * <ul>
 *   <li>{@link dev.darkfactory.core.cost.PriceCatalog} prices a call's {@link
 *       dev.darkfactory.api.model.Usage} exactly, per model, from a bundled and dated list of the
 *       vendors' list prices that callers may override.
 *   <li>{@link dev.darkfactory.core.cost.HardBudget} is a {@link dev.darkfactory.api.budget.Budget}
 *       limited in tokens, US dollars and wall-clock time, nested in parent budgets; a reservation
 *       must fit in every level at once. {@link dev.darkfactory.core.cost.SqliteBudget} keeps a
 *       day's budget in the factory's database, so it holds across runs and processes.
 *   <li>{@link dev.darkfactory.core.cost.Budgets} hands out the run, spec, attempt and day levels.
 *   <li>{@link dev.darkfactory.core.cost.BudgetInterceptor} reserves the most a model call could
 *       cost before it is sent, refuses it when that does not fit, and settles with the real usage.
 * </ul>
 */
@NullMarked
package dev.darkfactory.core.cost;

import org.jspecify.annotations.NullMarked;
