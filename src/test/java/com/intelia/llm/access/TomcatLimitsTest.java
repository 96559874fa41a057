package com.intelia.llm.access;

import com.intelia.llm.support.GatewayTest;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running Tomcat takes the limits derived from the heap, and caches a processor for
 * every request that may run at once and a channel for every connection, so a burst of
 * streams does not allocate them anew and leave them as old garbage.
 */
@GatewayTest
class TomcatLimitsTest {

	@Autowired
	WebServerApplicationContext context;

	@Autowired
	LoadLimits limits;

	@Test
	void the_connector_takes_the_derived_limits_and_caches_what_they_admit() {
		Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
		AbstractProtocol<?> protocol = (AbstractProtocol<?>) connector.getProtocolHandler();

		assertThat(protocol).isInstanceOf(LeanHttp11NioProtocol.class);
		assertThat(protocol.getMaxConnections()).isEqualTo(this.limits.connections());
		assertThat(protocol.getProcessorCache()).isEqualTo(this.limits.inFlight() + this.limits.waiting());
		assertThat(connector.getProperty("socket.bufferPool")).hasToString(Integer.toString(this.limits.connections()));
		assertThat(connector.getProperty("socket.appReadBufSize"))
			.hasToString(Integer.toString(LoadLimitsConfiguration.SOCKET_BUFFER_BYTES));
		assertThat(((AbstractHttp11Protocol<?>) protocol).getMaxTrailerSize())
			.isEqualTo(LoadLimitsConfiguration.TRAILER_BYTES);
	}

}
