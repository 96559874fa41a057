package bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * POST /v1/chat/completions copied byte for byte to the upstream and back: Spring MVC on
 * virtual threads and an HTTP client, nothing else. -Dclient=apache uses Apache
 * HttpClient's classic API (the gateway's transport), otherwise the JDK client.
 */
@SpringBootApplication
@RestController
public class FeaturelessProxy {

	private static final URI UPSTREAM = URI
		.create(System.getProperty("upstream", "http://127.0.0.1:18000") + "/v1/chat/completions");

	private static final boolean APACHE = "apache".equals(System.getProperty("client"));

	private static final HttpClient JDK = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final CloseableHttpClient POOLED = HttpClients.custom()
		.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
			.setMaxConnTotal(10_000)
			.setMaxConnPerRoute(10_000)
			.build())
		.build();

	public static void main(String[] args) {
		SpringApplication.run(FeaturelessProxy.class, args);
	}

	@PostMapping("/v1/chat/completions")
	ResponseEntity<byte[]> proxy(@RequestBody byte[] body) throws Exception {
		if (APACHE) {
			HttpPost post = new HttpPost(UPSTREAM);
			post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
			return POOLED.execute(post, (response) -> answer(response.getCode(),
					EntityUtils.toByteArray(response.getEntity())));
		}
		HttpResponse<byte[]> response = JDK.send(HttpRequest.newBuilder(UPSTREAM)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		return answer(response.statusCode(), response.body());
	}

	private static ResponseEntity<byte[]> answer(int status, byte[] body) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
	}

}
