/**
 * Models for tests: {@link dev.darkfactory.testkit.model.ScriptedModelProvider}, a model that
 * answers by rules and records every request; the model provider contract, {@link
 * dev.darkfactory.testkit.model.ModelProviderContract}, an abstract JUnit 5 suite every provider
 * implementation passes; and {@link dev.darkfactory.testkit.model.ProviderStage}, the vendor-side
 * double it drives.
 */
@NullMarked
package dev.darkfactory.testkit.model;

import org.jspecify.annotations.NullMarked;
