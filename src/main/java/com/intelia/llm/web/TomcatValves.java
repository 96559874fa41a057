package com.intelia.llm.web;

import org.apache.catalina.Container;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Installs {@link JsonErrorReportValve} on the embedded Tomcat's host, before it starts,
 * so that every error answer, Tomcat's own included, has OpenAI's error shape; and
 * {@link ClientConnectionValve}, so that a request waiting on an upstream can tell
 * whether its client has left.
 */
@Component
class TomcatValves implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextValves(new ClientConnectionValve());
		factory.addContextCustomizers((context) -> {
			Container parent = context.getParent();
			if (parent instanceof StandardHost host) {
				host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
			}
		});
	}

}
