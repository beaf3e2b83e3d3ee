package dev.plumbline.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the daemon until SIGTERM or SIGINT. */
@Command(name = "serve", description = "Run the daemon: scheduled drift checks, repo polling, retries, "
        + "pull request plans and webhooks.")
final class ServeCommand implements Callable<Integer> {
    @Mixin Common common;

    @Override
    public Integer call() throws InterruptedException {
        App app = App.open(common.config);
        Daemon daemon = new Daemon(app);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                daemon.close();
            } finally {
                stopped.countDown();
            }
        }, "plumbline-shutdown"));
        daemon.start();
        daemon.startHttp();
        stopped.await();
        return 0;
    }
}
