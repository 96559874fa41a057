package com.intelia.llm.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} (Debian's package) for tests, on a free port, with nothing
 * persisted ({@code --save '' --appendonly no}). It can be stopped and started again on
 * the same port, or frozen ({@code SIGSTOP}) to play a Redis that accepts connections but
 * never answers. Close it at the end.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start("secret")) {
 *     String url = redis.url();   // redis://:secret@127.0.0.1:<port>
 *     redis.stop();  redis.restart();  redis.pause();  redis.resume();  redis.flushAll();
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(20);

	private final Path binary;

	private final Path dir;

	private final int port;

	private final @Nullable String password;

	private @Nullable Process process;

	private RedisServer(Path binary, int port, @Nullable String password) throws IOException {
		this.binary = binary;
		this.dir = Files.createTempDirectory("redis-test");
		this.port = port;
		this.password = password;
	}

	/** Starts a server without a password. */
	public static RedisServer start() {
		return start(null);
	}

	/** Starts a server that requires the given password ({@code requirepass}). */
	public static RedisServer start(@Nullable String password) {
		try {
			RedisServer server = new RedisServer(binary(), freePort(), password);
			// A test JVM that dies without closing it must not leave a server behind.
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "redis-server-stop"));
			server.restart();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** The URL a client uses, with the password if there is one. */
	public String url() {
		String credentials = (this.password != null) ? ":" + this.password + "@" : "";
		return "redis://" + credentials + "127.0.0.1:" + this.port;
	}

	/** Starts the server on its port (again) and waits until it answers. */
	public synchronized void restart() {
		if (this.process != null && this.process.isAlive()) {
			throw new IllegalStateException("redis-server is already running on port " + this.port);
		}
		List<String> command = new ArrayList<>(
				List.of(this.binary.toString(), "--port", Integer.toString(this.port), "--bind", "127.0.0.1", "--save",
						"", "--appendonly", "no", "--daemonize", "no", "--dir", this.dir.toString()));
		if (this.password != null) {
			command.addAll(List.of("--requirepass", this.password));
		}
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.dir.resolve("redis.log").toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + this.binary, ex);
		}
		await("redis-server answering on port " + this.port).atMost(STARTUP)
			.pollInterval(Duration.ofMillis(50))
			.until(this::answers);
	}

	/**
	 * Stops the server (SIGTERM, then SIGKILL if it lingers) and waits for it to exit.
	 */
	public synchronized void stop() {
		Process running = this.process;
		if (running == null || !running.isAlive()) {
			return;
		}
		resume();
		running.destroy();
		try {
			if (!running.waitFor(10, TimeUnit.SECONDS)) {
				running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Starts the server again if it was stopped. */
	public synchronized void ensureRunning() {
		if (this.process == null || !this.process.isAlive()) {
			restart();
		}
	}

	/** Freezes the server: connections stay open, nothing is answered. */
	public void pause() {
		signal("-STOP");
	}

	/** Lets a frozen server go on. */
	public void resume() {
		signal("-CONT");
	}

	/** Deletes every key. */
	public void flushAll() {
		String reply = command("FLUSHALL");
		if (!reply.startsWith("+OK")) {
			throw new IllegalStateException("FLUSHALL answered " + reply);
		}
	}

	/** Every key in the database ({@code KEYS *}). */
	public List<String> keys() {
		try (Socket socket = connect()) {
			send(socket, "KEYS", "*");
			InputStream in = socket.getInputStream();
			String header = readLine(in);
			if (!header.startsWith("*")) {
				throw new IllegalStateException("KEYS answered " + header);
			}
			List<String> keys = new ArrayList<>();
			for (int i = Integer.parseInt(header.substring(1)); i > 0; i--) {
				int length = Integer.parseInt(readLine(in).substring(1));
				keys.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
				readLine(in);
			}
			return keys;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Sends one command (its arguments) and returns the first line of the reply. */
	public String command(String... arguments) {
		try (Socket socket = connect()) {
			send(socket, arguments);
			return readLine(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A connection, authenticated if the server has a password. */
	private Socket connect() throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1000);
			socket.setSoTimeout(2000);
			if (this.password != null) {
				send(socket, "AUTH", this.password);
				String reply = readLine(socket.getInputStream());
				if (!reply.startsWith("+OK")) {
					throw new IllegalStateException("AUTH answered " + reply);
				}
			}
			return socket;
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	@Override
	public void close() {
		stop();
	}

	private boolean answers() {
		Process running = this.process;
		if (running == null || !running.isAlive()) {
			throw new IllegalStateException("redis-server exited: " + logTail());
		}
		try {
			return command("PING").startsWith("+PONG");
		}
		catch (UncheckedIOException ex) {
			return false;
		}
	}

	private static void send(Socket socket, String... arguments) throws IOException {
		StringBuilder request = new StringBuilder("*" + arguments.length + "\r\n");
		for (String argument : arguments) {
			request.append('$').append(argument.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
			request.append(argument).append("\r\n");
		}
		OutputStream out = socket.getOutputStream();
		out.write(request.toString().getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	private void signal(String signal) {
		Process running = this.process;
		if (running == null || !running.isAlive()) {
			return;
		}
		try {
			Process kill = new ProcessBuilder("kill", signal, Long.toString(running.pid())).start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill " + signal + " failed for redis-server " + running.pid());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.dir.resolve("redis.log"));
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private static Path binary() {
		String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin";
		for (String dir : path.split(":")) {
			Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException(
				"redis-server not found on PATH: these tests need a real Redis (apt-get install redis-server).");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

}
