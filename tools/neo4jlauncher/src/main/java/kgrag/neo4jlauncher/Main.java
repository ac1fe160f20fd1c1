package kgrag.neo4jlauncher;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Starts an embedded Neo4j Community DBMS with only the Bolt connector enabled,
 * bound to 127.0.0.1, for integration tests.
 *
 * <pre>
 * Options (each also settable through an environment variable):
 *   --home DIR         NEO4J_LAUNCHER_HOME        Neo4j home (data/, logs/ live below it).
 *                                                 Default: a temp dir deleted at exit.
 *   --port N           NEO4J_LAUNCHER_PORT        Bolt port; 0/unset = pick a free one.
 *   --ready-file PATH  NEO4J_LAUNCHER_READY_FILE  Written with "bolt://127.0.0.1:PORT" once
 *                                                 Bolt accepts connections.
 *   --watch-stdin      NEO4J_LAUNCHER_WATCH_STDIN=1  Also shut down when stdin reaches EOF.
 *   NEO4J_PASSWORD     unset/empty: auth disabled. Set (&gt;= 8 chars): auth enabled, user
 *                      "neo4j" gets this password (no forced change).
 *   NEO4J_PAGECACHE    page cache size, default "256m".
 * </pre>
 *
 * Runs until SIGTERM/SIGINT (or stdin EOF with --watch-stdin); a shutdown hook
 * shuts the DBMS down cleanly.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            System.err.println("neo4jlauncher: startup failed: " + t);
            t.printStackTrace();
            // Neo4j leaves non-daemon threads behind; exit explicitly (runs the shutdown hook).
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        String home = env("NEO4J_LAUNCHER_HOME");
        String portStr = env("NEO4J_LAUNCHER_PORT");
        String readyFile = env("NEO4J_LAUNCHER_READY_FILE");
        boolean watchStdin = "1".equals(env("NEO4J_LAUNCHER_WATCH_STDIN"))
                || "true".equalsIgnoreCase(env("NEO4J_LAUNCHER_WATCH_STDIN"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = args[++i];
                case "--port" -> portStr = args[++i];
                case "--ready-file" -> readyFile = args[++i];
                case "--watch-stdin" -> watchStdin = true;
                case "-h", "--help" -> {
                    System.out.println("usage: Main [--home DIR] [--port N] [--ready-file PATH] [--watch-stdin]");
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + args[i]);
                    System.exit(2);
                }
            }
        }
        int port = (portStr == null || portStr.isBlank()) ? 0 : Integer.parseInt(portStr.trim());
        String password = env("NEO4J_PASSWORD");
        boolean auth = password != null && !password.isEmpty();
        String pageCache = env("NEO4J_PAGECACHE");
        if (pageCache == null || pageCache.isBlank()) {
            pageCache = "256m";
        }

        final boolean tempHome = home == null || home.isBlank();
        final Path homeDir = tempHome
                ? Files.createTempDirectory("neo4jlauncher-")
                : Path.of(home).toAbsolutePath();
        Files.createDirectories(homeDir);
        final Path ready = readyFile == null || readyFile.isBlank() ? null : Path.of(readyFile).toAbsolutePath();
        if (ready != null) {
            Files.deleteIfExists(ready);
        }

        final CountDownLatch stop = new CountDownLatch(1);
        final AtomicReference<DatabaseManagementService> dbmsRef = new AtomicReference<>();
        // Registered before startup so a failed start still cleans up (temp home, ready file).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4jlauncher: shutting down");
            DatabaseManagementService d = dbmsRef.get();
            if (d != null) {
                try {
                    d.shutdown();
                } catch (Throwable t) {
                    t.printStackTrace();
                }
            }
            try {
                if (ready != null) {
                    Files.deleteIfExists(ready);
                }
                if (tempHome) {
                    deleteRecursively(homeDir);
                }
            } catch (IOException e) {
                e.printStackTrace();
            }
            System.out.println("neo4jlauncher: stopped");
            System.out.flush();
            stop.countDown();
        }, "neo4jlauncher-shutdown"));

        long t0 = System.nanoTime();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(homeDir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                // No usage data collection / phoning home (there is no network anyway).
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // The in-JVM "bolt-local" connector is not needed.
                .setConfig(BoltConnectorInternalSettings.enable_local_connector, false)
                // Netty's graceful shutdown otherwise adds ~10 s to every stop.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(2))
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pageCache))
                // Keep transaction logs small; tests don't need point-in-time recovery.
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(16))
                // Shut down reasonably fast even with open client transactions.
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                .build();

        dbmsRef.set(dbms);

        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        if (auth) {
            // Embedded calls bypass auth; set (or reset) the neo4j user's password.
            try {
                system.executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            } catch (QueryExecutionException e) {
                // Restart with an unchanged password: Neo4j refuses to "change" it to itself.
                String msg = String.valueOf(e.getMessage());
                if (!msg.contains("Old password and new password cannot be the same")) {
                    throw e;
                }
            }
        }
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofSeconds(60).toMillis())) {
            System.err.println("neo4jlauncher: default database did not become available");
            System.exit(1);
        }

        ConnectorPortRegister ports = ((GraphDatabaseAPI) system).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class);
        var bound = ports.getLocalAddress(ConnectorType.BOLT);
        int actualPort = bound != null ? bound.getPort() : port;
        waitForTcp("127.0.0.1", actualPort, Duration.ofSeconds(30));

        String uri = "bolt://127.0.0.1:" + actualPort;
        if (ready != null) {
            Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
            Files.writeString(tmp, uri + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, ready, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, ready, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        System.out.printf("neo4jlauncher: ready in %d ms (home=%s, auth=%s)%n",
                (System.nanoTime() - t0) / 1_000_000, homeDir, auth ? "enabled" : "disabled");
        System.out.println(uri);
        System.out.flush();

        if (watchStdin) {
            Thread t = new Thread(() -> {
                try (InputStream in = System.in) {
                    byte[] buf = new byte[256];
                    while (in.read(buf) >= 0) {
                        // discard
                    }
                } catch (IOException ignored) {
                    // treat as EOF
                }
                System.out.println("neo4jlauncher: stdin closed");
                System.exit(0); // runs the shutdown hook
            }, "neo4jlauncher-stdin");
            t.setDaemon(true);
            t.start();
        }
        stop.await();
    }

    private static String env(String name) {
        return System.getenv(name);
    }

    private static void waitForTcp(String host, int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Bolt port " + port + " not accepting connections", e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
