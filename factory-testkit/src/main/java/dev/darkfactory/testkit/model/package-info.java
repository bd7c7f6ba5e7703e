/**
 * Models for tests: {@link dev.darkfactory.testkit.model.ScriptedModelProvider}, a model that
 * answers by rules and records every request; record and replay, {@link
 * dev.darkfactory.testkit.model.RecordingModelProvider} writing a {@link
 * dev.darkfactory.testkit.model.Cassette} that {@link
 * dev.darkfactory.testkit.model.ReplayingModelProvider} serves back, failing loudly on a request
 * that differs from the recording; the model provider contract, {@link
 * dev.darkfactory.testkit.model.ModelProviderContract}, an abstract JUnit 5 suite every provider
 * implementation passes; and {@link dev.darkfactory.testkit.model.ProviderStage}, the vendor-side
 * double it drives.
 */
@NullMarked
package dev.darkfactory.testkit.model;

import org.jspecify.annotations.NullMarked;
