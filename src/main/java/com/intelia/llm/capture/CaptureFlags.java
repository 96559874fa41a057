package com.intelia.llm.capture;

import org.jspecify.annotations.Nullable;

/** Each key's own capture setting from the keys file ({@code capture=always|never}). */
interface CaptureFlags {

	/** Flags of a service without keys: every caller follows {@code LLM_CAPTURE}. */
	CaptureFlags NONE = new CaptureFlags() {

		@Override
		public boolean always(@Nullable String keyName) {
			return false;
		}

		@Override
		public boolean never(@Nullable String keyName) {
			return false;
		}

		@Override
		public boolean anyAlways() {
			return false;
		}

	};

	boolean always(@Nullable String keyName);

	boolean never(@Nullable String keyName);

	/** Whether some key is captured even with {@code LLM_CAPTURE} off. */
	boolean anyAlways();

}
