package dev.plumbline.runner;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * tofu's provider plugin cache is not safe for concurrent writers: two inits filling it at once can leave a
 * truncated provider binary behind. Inits that use a shared cache therefore run one at a time, across threads
 * (a lock per cache directory) and across processes on the VM (an OS file lock in the cache directory).
 */
final class PluginCacheLock {
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private PluginCacheLock() { }

    static <T> T around(Path cacheDir, Supplier<T> work) {
        Path dir = cacheDir.toAbsolutePath().normalize();
        ReentrantLock lock = LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
        lock.lock();
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve(".plumbline-init.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = ch.lock()) {
                return work.get();
            }
        } catch (IOException e) {
            throw new RunnerException("locking the provider plugin cache " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
