package dev.darkfactory.testkit.subjects;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Marks a test class that another test runs inside itself ({@link Subjects}): some of its tests
 * fail on purpose, so it runs only there, never on its own (surefire skips nested classes anyway;
 * this keeps an IDE's "run all" honest too).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfSystemProperty(named = Subjects.PROPERTY, matches = "true")
@AddLifecycleHook(Subjects.OnlyWhenRunAsSubject.class)
public @interface Subject {}
