package trm4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import trm4j.serve.TrmServer;

import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code trm serve}: a local web page and JSON API to watch models solve puzzles step by step and follow training runs. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a local web page (and JSON API) that solves puzzles step by step with the given models "
                + "and charts the training runs under --runs.",
                "Listens on 127.0.0.1 only, unless --host says otherwise."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", paramLabel = "PATH",
            description = "A model to serve (repeatable): trm4j checkpoint or run folder, or official torch.save file with its all_config.yaml beside it.")
    List<Path> checkpoints = List.of();
    @Option(names = "--runs", defaultValue = "runs", paramLabel = "DIR", description = "Folder of training runs for the runs page (default: runs).")
    Path runs;
    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "TCP port (default 8080; 0: any free port).")
    int port;
    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "Address to listen on (default 127.0.0.1). Anything else exposes the server to other machines.")
    String host;
    @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "Solves run at once (default 2).")
    int threads;
    @Option(names = "--queue", defaultValue = "64", paramLabel = "N", description = "Solves that may wait; more get HTTP 503 (default 64).")
    int queue;
    @Option(names = "--max-body", defaultValue = "1048576", paramLabel = "BYTES", description = "Request body limit (default 1 MiB).")
    int maxBody;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) throw new UserError("--port must be 0..65535, got " + port);
        TrmServer.Config cfg;
        try {
            cfg = new TrmServer.Config(host, port, checkpoints, runs, threads, queue, maxBody, 3);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (!InetAddress.getByName(host).isLoopbackAddress())
            System.err.println("trm: warning: serving on " + host + ": anyone who can reach this address can use the server (it has no login)");
        TrmServer server;
        try {
            server = TrmServer.start(cfg);
        } catch (BindException e) {
            throw new UserError("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); give another --port");
        }
        System.out.println("trm serve: " + server.url() + "  (Ctrl-C stops)");
        server.describe(System.out);
        System.out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { server.close(); stop.countDown(); }));
        stop.await();
        return 0;
    }
}
