package com.intelia.llm.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for tests, from the machine's own PostgreSQL binaries
 * (Debian's {@code postgresql} package): a fresh cluster in a temporary folder, on a free
 * port of 127.0.0.1, with trust authentication for the superuser {@code postgres}.
 * PostgreSQL refuses to run as root, and CI runs as root, so then every command runs as
 * the package's {@code postgres} user through {@code runuser}.
 *
 * <p>
 * Use {@link #shared()} for the one server of the whole test JVM (stopped when the JVM
 * exits) and {@link #newDatabaseUrl()} for a database of one's own on it; use
 * {@link #start(int)} for a server of one's own on a given port, and close it.
 */
public final class PostgresServer implements AutoCloseable {

	private static final String SUPERUSER = "postgres";

	private static final AtomicInteger databases = new AtomicInteger();

	private static PostgresServer shared;

	private final Path folder;

	private final int port;

	private PostgresServer(Path folder, int port) {
		this.folder = folder;
		this.port = port;
	}

	/** The server shared by every test of this JVM, started on first use. */
	public static synchronized PostgresServer shared() {
		if (shared == null) {
			shared = start(freePort());
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "postgres-test-server-stop"));
		}
		return shared;
	}

	/** Starts a new server on the port; the caller closes it. */
	public static PostgresServer start(int port) {
		Path bin = binaries();
		try {
			Path folder = Files.createTempDirectory("intelia-postgres-");
			if (asRoot()) {
				UserPrincipal owner = folder.getFileSystem()
					.getUserPrincipalLookupService()
					.lookupPrincipalByName(SUPERUSER);
				Files.setOwner(folder, owner);
			}
			PostgresServer server = new PostgresServer(folder, port);
			server.run(bin.resolve("initdb").toString(), "-D", server.data(), "-U", SUPERUSER, "--auth=trust",
					"--encoding=UTF8", "--locale=C", "--no-sync");
			server.run(bin.resolve("pg_ctl").toString(), "-D", server.data(), "-l",
					folder.resolve("server.log").toString(), "-w", "-t", "60", "-o",
					"-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off"
							+ " -c synchronous_commit=off -c full_page_writes=off",
					"start");
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A port nobody listens on right now. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** Creates an empty database and returns its JDBC URL, with the user in it. */
	public String newDatabaseUrl() {
		String name = "test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
		execute("postgres", "CREATE DATABASE " + name);
		return jdbcUrl(name);
	}

	/** The JDBC URL of a database of this server, with the user in it. */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database + "?user=" + SUPERUSER;
	}

	/** Runs SQL as the superuser on a database given by name or JDBC URL. */
	public void execute(String database, String sql) {
		String url = database.startsWith("jdbc:") ? database : jdbcUrl(database);
		try (Connection connection = DriverManager.getConnection(url);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("SQL failed on the test server: " + ex.getMessage(), ex);
		}
	}

	/** Stops the server and deletes its folder. */
	@Override
	public void close() {
		try {
			run(binaries().resolve("pg_ctl").toString(), "-D", data(), "-m", "fast", "-w", "stop");
		}
		finally {
			delete(this.folder);
		}
	}

	private String data() {
		return this.folder.resolve("data").toString();
	}

	private void run(String... command) {
		List<String> line = new ArrayList<>();
		if (asRoot()) {
			line.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
		}
		line.addAll(List.of(command));
		Path output = this.folder.resolve("commands.log");
		try {
			Process process = new ProcessBuilder(line).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
				.start();
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("PostgreSQL test server: '" + String.join(" ", line) + "' failed:\n"
						+ Files.readString(output));
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

	private static boolean asRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	/**
	 * The folder of {@code initdb} and {@code pg_ctl}: {@code PG_BIN} if set, else the
	 * newest {@code /usr/lib/postgresql/<version>/bin} (Debian keeps them off the PATH),
	 * else the PATH.
	 */
	static Path binaries() {
		String configured = System.getenv("PG_BIN");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		Path debian = Path.of("/usr/lib/postgresql");
		if (Files.isDirectory(debian)) {
			try (Stream<Path> versions = Files.list(debian)) {
				Path newest = versions.filter((version) -> Files.isExecutable(version.resolve("bin/initdb")))
					.max(Comparator.comparingDouble(PostgresServer::version))
					.orElse(null);
				if (newest != null) {
					return newest.resolve("bin");
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "initdb"))) {
				return Path.of(entry);
			}
		}
		throw new IllegalStateException("The PostgreSQL tests need PostgreSQL's server binaries (initdb, pg_ctl): "
				+ "install Debian's 'postgresql' package, or set PG_BIN to their folder.");
	}

	private static double version(Path folder) {
		try {
			return Double.parseDouble(folder.getFileName().toString());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static void delete(Path folder) {
		try (Stream<Path> paths = Files.walk(folder)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A leftover temporary folder is no reason to fail a test run.
		}
	}

}
