package dev.plumbline.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/** A real SSH server on 127.0.0.1 that serves one bare repository to one client key with JGit's upload-pack. */
final class SshGitServer implements AutoCloseable {
    final KeyPair hostKey = generate();
    final KeyPair clientKey = generate();
    final AtomicInteger authAttempts = new AtomicInteger();
    private final SshServer server;

    SshGitServer(Path bareRepository) throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> {
            authAttempts.incrementAndGet();
            return KeyUtils.compareKeys(key, clientKey.getPublic());
        });
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory((channel, command) -> new UploadPackCommand(bareRepository));
        server.start();
    }

    int port() {
        return server.getPort();
    }

    String url() {
        return "ssh://git@127.0.0.1:" + port() + "/org/infra.git";
    }

    /** Writes a private key file in OpenSSH format. */
    static Path writePrivateKey(KeyPair key, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", (OpenSSHKeyEncryptionContext) null, out);
        }
        return file;
    }

    /** A known_hosts file listing {@code key} for this server. */
    Path writeKnownHosts(PublicKey key, Path file) throws IOException {
        Files.writeString(file, "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key) + "\n");
        return file;
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    private static final class UploadPackCommand implements Command {
        private final Path repository;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        UploadPackCommand(Path repository) {
            this.repository = repository;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread thread = new Thread(() -> {
                try (Repository repo = new FileRepositoryBuilder().setGitDir(repository.toFile()).build()) {
                    new UploadPack(repo).upload(in, out, err);
                    out.flush();
                    exit.onExit(0);
                } catch (IOException | RuntimeException e) {
                    exit.onExit(1, String.valueOf(e.getMessage()));
                }
            }, "upload-pack");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
