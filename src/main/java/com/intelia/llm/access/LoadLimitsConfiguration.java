package com.intelia.llm.access;

import org.apache.coyote.AbstractProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Derives the load limits from the heap at start, logs them, and gives Tomcat its share:
 * the connections it accepts and the accept queue it asks the kernel for. Tomcat's own
 * defaults (8,192 connections, a queue of 100) would let a burst hold more connections
 * than the heap can carry, then have the kernel drop the rest, which clients see as a
 * hang. An operator's {@code server.tomcat.max-connections} or
 * {@code server.tomcat.accept-count} wins.
 */
@Configuration(proxyBeanMethods = false)
class LoadLimitsConfiguration {

	private static final Logger log = LoggerFactory.getLogger(LoadLimitsConfiguration.class);

	/**
	 * Tomcat's per-connection socket buffers. Its default of 8 KiB each way is spent on
	 * every connection, waiting or idle; a chat request's headers and an SSE event are
	 * far smaller, and larger bodies are read and written in several passes.
	 */
	static final int SOCKET_BUFFER_BYTES = 4096;

	/**
	 * The most trailer bytes a chunked request may end with. Tomcat allocates a buffer of
	 * this size for every processor, used or not, 8 KiB by default; clients of a chat API
	 * send no trailers, and one that sends more gets a 400 in OpenAI's shape.
	 */
	static final int TRAILER_BYTES = 1024;

	@Bean
	LoadLimits loadLimits(AccessProperties properties) {
		LoadLimits limits = LoadLimits.derive(Runtime.getRuntime().maxMemory(), properties.concurrency());
		log.info(limits.describe());
		return limits;
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatLoadLimits(LoadLimits limits,
			Environment environment) {
		boolean connectionsSet = environment.containsProperty("server.tomcat.max-connections");
		boolean backlogSet = environment.containsProperty("server.tomcat.accept-count");
		boolean processorCacheSet = environment.containsProperty("server.tomcat.processor-cache");
		return new OrderedCustomizer((factory) -> {
			factory.setProtocol(LeanHttp11NioProtocol.class.getName());
			factory.addConnectorCustomizers((connector) -> {
				if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
					if (!connectionsSet) {
						protocol.setMaxConnections(limits.connections());
					}
					if (!backlogSet) {
						protocol.setAcceptCount(limits.acceptBacklog());
					}
					// Tomcat keeps a request's processor (its buffers, about 40 KiB) for
					// reuse, 200 by default, and on a heap under 2 GiB no connection's
					// channel at all. Past that, every request of a burst allocated both
					// anew and dropped them at its end: a stream lives seconds, so they
					// outlived the young generation and became garbage in the old one, a
					// full collection about every second with 1,000 streams
					// (docs/performance.md). Tomcat's guidance for asynchronous requests
					// is to cache as many processors as requests run at once: here the
					// answers in flight and those waiting, and a channel per connection.
					// What this keeps after a burst is what the limits reserve anyway.
					if (!processorCacheSet) {
						protocol.setProcessorCache(limits.inFlight() + limits.waiting());
					}
				}
				connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
				connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
				connector.setProperty("socket.bufferPool", Integer.toString(limits.connections()));
				connector.setProperty("maxTrailerSize", Integer.toString(TRAILER_BYTES));
			});
		});
	}

	/**
	 * Runs after Spring Boot's own Tomcat customizer, so the derived limits replace its
	 * defaults rather than the reverse.
	 */
	private record OrderedCustomizer(WebServerFactoryCustomizer<TomcatServletWebServerFactory> delegate)
			implements
				WebServerFactoryCustomizer<TomcatServletWebServerFactory>,
				Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			this.delegate.customize(factory);
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
