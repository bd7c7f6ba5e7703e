/**
 * The factory loop: {@link dev.darkfactory.core.factory.Factory} takes work items, has an agent
 * implement them in workspaces, evaluates the candidates, asks the merge policy, and integrates,
 * journaling every step so a crashed factory resumes where it stopped.
 */
@NullMarked
package dev.darkfactory.core.factory;

import org.jspecify.annotations.NullMarked;
