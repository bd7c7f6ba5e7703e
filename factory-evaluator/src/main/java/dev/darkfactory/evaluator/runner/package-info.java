/**
 * The scenario runner SPI of the holdout evaluator: one {@link
 * dev.darkfactory.evaluator.runner.ScenarioRunner} per kind of check, each running one trial in a
 * prepared, fresh checkout inside the sandbox, plus the runners that ship: commands, test suites
 * read from JUnit XML, and model judges.
 */
@NullMarked
package dev.darkfactory.evaluator.runner;

import org.jspecify.annotations.NullMarked;
