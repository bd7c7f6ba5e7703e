/**
 * The custom evaluator sample: a researcher's own kind of scenario ({@link
 * dev.darkfactory.samples.customevaluator.PropertyCheck}), its runner ({@link
 * dev.darkfactory.samples.customevaluator.PropertyRunner}) and an evaluator that adds a suite of
 * such scenarios to the holdout evaluator ({@link
 * dev.darkfactory.samples.customevaluator.PropertySuiteEvaluator}), replayed over the candidates
 * of an alignment ledger and compared with the human verdicts ({@link
 * dev.darkfactory.samples.customevaluator.CustomEvaluatorSample}).
 */
@NullMarked
package dev.darkfactory.samples.customevaluator;

import org.jspecify.annotations.NullMarked;
