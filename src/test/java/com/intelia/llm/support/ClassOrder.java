package com.intelia.llm.support;

import java.util.Comparator;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The order of the test classes (junit-platform.properties): those that hold
 * {@link LoggingLock} exclusively first, those that hold it shared last, the others in
 * between; within each group, the order the build gives. The sequential classes that read
 * their log output are then done before the concurrent ones that start Spring Boot
 * applications begin, at the end of the concurrent classes, so neither waits for the
 * other; the lock still keeps them apart on a machine slow enough to overlap them.
 */
public final class ClassOrder implements ClassOrderer {

	@Override
	public void orderClasses(ClassOrdererContext context) {
		// A stable sort: equal groups keep their order.
		context.getClassDescriptors().sort(Comparator.comparingInt(ClassOrder::group));
	}

	private static int group(ClassDescriptor descriptor) {
		for (ResourceLock lock : descriptor.findRepeatableAnnotations(ResourceLock.class)) {
			if (LoggingLock.KEY.equals(lock.value())) {
				return (lock.mode() == ResourceAccessMode.READ_WRITE) ? 0 : 2;
			}
		}
		return 1;
	}

}
