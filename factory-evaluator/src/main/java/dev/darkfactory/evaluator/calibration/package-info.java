/**
 * Calibration: the alignment ledger of evaluator decisions and human reviews, the statistics of
 * their agreement with honest intervals, and the gate that allows auto-merge only when the ledger
 * proves the evaluator agrees with humans well enough for the configuration that produced it.
 */
@NullMarked
package dev.darkfactory.evaluator.calibration;

import org.jspecify.annotations.NullMarked;
