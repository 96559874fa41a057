package com.intelia.llm.access;

import java.io.IOException;
import java.util.function.BooleanSupplier;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Asks for the connection to be closed after the answer when the service is busy at the
 * moment the answer starts: a connection kept alive would then sit idle on one of the
 * connections the heap allows, while new callers wait in the kernel's accept queue.
 * Tomcat's old blocking connector did the same above 75% of its connections. Deciding
 * when the answer starts, not on arrival, matters in a burst: the first requests arrive
 * before it is busy and answer while it is.
 */
final class CloseWhenBusy extends HttpServletResponseWrapper {

	private final BooleanSupplier busy;

	private boolean decided;

	CloseWhenBusy(HttpServletResponse response, BooleanSupplier busy) {
		super(response);
		this.busy = busy;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (!this.decided) {
			this.decided = true;
			if (!isCommitted() && this.busy.getAsBoolean()) {
				setHeader("Connection", "close");
			}
		}
		return super.getOutputStream();
	}

}
