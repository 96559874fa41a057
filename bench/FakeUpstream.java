import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fast OpenAI-compatible fake upstream for the overhead benchmark: GET /v1/models and
 * POST /v1/chat/completions, blocking and streaming, on the JDK's HTTP server with a
 * virtual thread per exchange. A model named "...-slow-N" answers after N ms, which is how
 * the capacity run gets one-second requests through the gateway (the alias's upstream
 * model reaches the fake unchanged); a model named "...-drip-N-M" streams N tokens M ms
 * apart, as a model generating at its own pace.
 *
 * Run: java bench/FakeUpstream.java [port]
 */
public class FakeUpstream {

	private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");

	private static final Pattern DELAY = Pattern.compile("-slow-(\\d+)$");

	/** "...-drip-N-M": a stream of N tokens, M ms apart. */
	private static final Pattern DRIP = Pattern.compile("-drip-(\\d+)-(\\d+)$");

	public static void main(String[] args) throws IOException {
		int port = (args.length > 0) ? Integer.parseInt(args[0]) : 18000;
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		String models = served().stream()
			.map((id) -> "{\"id\":\"" + id + "\",\"object\":\"model\",\"owned_by\":\"bench\"}")
			.collect(Collectors.joining(",", "{\"object\":\"list\",\"data\":[", "]}"));
		server.createContext("/v1/models", (exchange) -> send(exchange, 200, "application/json", models));
		server.createContext("/v1/chat/completions", FakeUpstream::chat);
		server.start();
		System.out.println("fake upstream on http://127.0.0.1:" + port);
	}

	/**
	 * bench-fast and every upstream model of bench/models.yml, so the gateway's start-up
	 * check that its upstream serves each alias's model passes.
	 */
	private static Set<String> served() throws IOException {
		Set<String> models = new TreeSet<>(Set.of("bench-fast"));
		Path file = Path.of("bench", "models.yml");
		if (Files.exists(file)) {
			Matcher upstream = Pattern.compile("upstream-model:\\s*(\\S+)").matcher(Files.readString(file));
			while (upstream.find()) {
				models.add(upstream.group(1));
			}
		}
		return models;
	}

	private static void chat(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		Matcher model = MODEL.matcher(body);
		String name = model.find() ? model.group(1) : "bench-fast";
		Matcher delay = DELAY.matcher(name);
		if (delay.find()) {
			sleep(Long.parseLong(delay.group(1)));
		}
		Matcher drip = DRIP.matcher(name);
		if (STREAM.matcher(body).find() && drip.find()) {
			drip(exchange, name, Integer.parseInt(drip.group(1)), Long.parseLong(drip.group(2)));
		}
		else if (STREAM.matcher(body).find()) {
			stream(exchange, name);
		}
		else {
			send(exchange, 200, "application/json", """
					{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"%s",\
					"choices":[{"index":0,"message":{"role":"assistant","content":"Bonjour, 21 jours: 26 degres."},\
					"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":9,"total_tokens":21}}"""
				.formatted(name));
		}
	}

	/** Headers go out with the first event, so time to first byte is time to first token. */
	private static void stream(HttpExchange exchange, String model) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		try (OutputStream out = exchange.getResponseBody()) {
			String[] words = { "Bonjour", ",", " 21", " jours", ":", " 26", " degres", "." };
			for (int i = 0; i < words.length; i++) {
				String delta = (i == 0) ? "{\"role\":\"assistant\",\"content\":\"" + words[i] + "\"}"
						: "{\"content\":\"" + words[i] + "\"}";
				event(out, "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
						+ "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":" + delta
						+ ",\"finish_reason\":null}]}");
			}
			event(out, "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
					+ "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
			event(out, "[DONE]");
		}
	}

	/**
	 * A paced stream, as a model generates: {@code count} one-word tokens, {@code gapMillis}
	 * apart, then the finish chunk, the usage chunk and [DONE].
	 */
	private static void drip(HttpExchange exchange, String model, int count, long gapMillis) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		String head = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
				+ "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":";
		try (OutputStream out = exchange.getResponseBody()) {
			event(out, head + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
			for (int i = 0; i < count; i++) {
				sleep(gapMillis);
				event(out, head + "{\"content\":\" mot\"},\"finish_reason\":null}]}");
			}
			event(out, head + "{},\"finish_reason\":\"stop\"}]}");
			event(out, "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
					+ "\"model\":\"" + model + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,"
					+ "\"completion_tokens\":" + count + ",\"total_tokens\":" + (12 + count) + "}}");
			event(out, "[DONE]");
		}
	}

	private static void event(OutputStream out, String data) throws IOException {
		out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
