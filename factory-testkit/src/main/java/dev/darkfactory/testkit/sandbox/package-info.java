/**
 * Contract test suites for {@link dev.darkfactory.api.sandbox.Sandbox} implementations: {@link
 * dev.darkfactory.testkit.sandbox.SandboxContract}, what every sandbox must do, and {@link
 * dev.darkfactory.testkit.sandbox.SandboxEscapeSuite}, escape attempts a sandbox that claims to
 * isolate must contain. Extend them in your own tests and return your sandbox.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.darkfactory.testkit.sandbox;

import org.jspecify.annotations.NullMarked;
