package com.intelia.llm.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Set;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.ResourceLocksProvider;

/**
 * The class runs beside the sequential ones (junit-platform.properties), its own test
 * methods one after another, in their usual order, as if it were sequential.
 * <p>
 * For a self-contained class that mostly waits (timeouts, a circuit's open state, child
 * JVMs, servers of its own): it must share nothing with any other class (no context
 * another class uses, no {@link ScriptedProvider}, no server or port of another class, no
 * global setting), must not capture output, and must log nothing that a class capturing
 * output looks for.
 * <p>
 * The methods stay in order because the class holds a lock of its own, named after it
 * (nothing else takes it): JUnit runs the methods of a class holding a lock in the
 * class's thread. {@code @Execution(CONCURRENT)} alone would let them run at once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(providers = ConcurrentClass.OwnLock.class)
public @interface ConcurrentClass {

	/** A lock named after the test class. */
	final class OwnLock implements ResourceLocksProvider {

		@Override
		public Set<Lock> provideForClass(Class<?> testClass) {
			return Set.of(new Lock(testClass.getName()));
		}

	}

}
