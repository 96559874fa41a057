package com.intelia.llm.error;

import org.jspecify.annotations.Nullable;

/**
 * Looks through a failure's cause chain. Every layer wraps what it catches (LangChain4j,
 * Resilience4j, Jackson, the gateway's own call exceptions), so the meaning of a failure
 * is often a few causes down.
 */
public final class Causes {

	private Causes() {
	}

	/**
	 * The first failure in the chain of the given type, the failure itself included.
	 * @param failure where to start
	 * @param type what to look for
	 * @param <T> the type looked for
	 * @return the first match, or null
	 */
	public static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * Whether the chain holds a failure of the given type.
	 * @param failure where to start
	 * @param type what to look for
	 * @return whether one is there
	 */
	public static boolean has(Throwable failure, Class<? extends Throwable> type) {
		return find(failure, type) != null;
	}

	/**
	 * The innermost failure of the chain.
	 * @param failure where to start
	 * @return the last cause, or the failure itself if it has none
	 */
	public static Throwable root(Throwable failure) {
		Throwable root = failure;
		for (Throwable cause = next(failure); cause != null; cause = next(cause)) {
			root = cause;
		}
		return root;
	}

	private static @Nullable Throwable next(Throwable cause) {
		return (cause.getCause() != cause) ? cause.getCause() : null;
	}

}
