/**
 * Tamper signals: checks over a candidate's change that catch the ways coding agents game an
 * evaluation (touching protected paths or existing tests, disabling tests, excluding them from the
 * test runner, planting files at holdout paths, exiting the JVM from production code, printing
 * text shaped like a test runner's pass lines). Any signal makes the verdict SUSPECT.
 */
@NullMarked
package dev.darkfactory.evaluator.tamper;

import org.jspecify.annotations.NullMarked;
