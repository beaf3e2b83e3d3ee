package dev.plumbline.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

/**
 * Runs the daemon until SIGTERM or SIGINT. Those two do not start the JVM's shutdown: they start the daemon's
 * own stop (tools interrupted and waited for, their runs and last log lines recorded, the store closed last), and
 * only then does the process exit. Left to the JVM, the signal would run every shutdown hook at once, H2's among
 * them, which closes the store under the runs still being recorded ("Database is already closed"). H2 cannot be
 * told to leave that hook out while it serves the file to CLI commands (AUTO_SERVER), so the daemon keeps the
 * signals for itself. Any other way out (System.exit, SIGHUP) still stops the daemon from a shutdown hook.
 */
@Command(name = "serve", description = "Run the daemon: scheduled drift checks, repo polling, retries, "
        + "pull request plans and webhooks.")
final class ServeCommand implements Callable<Integer> {
    @Mixin Common common;

    @Override
    public Integer call() throws InterruptedException {
        return serve(App.open(common.config), port -> { });
    }

    /** Runs the daemon of {@code app} until a signal stops it; {@code listening} is told the HTTP port first. */
    static int serve(App app, IntConsumer listening) throws InterruptedException {
        Daemon daemon = new Daemon(app);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                try {
                    daemon.close();
                } finally {
                    stopped.countDown();
                }
            }
        };
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), s -> new Thread(stop, "plumbline-stop").start());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "plumbline-shutdown"));
        daemon.start();
        listening.accept(daemon.startHttp());
        stopped.await();
        return 0;
    }
}
