package dev.plumbline.source;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.SshConfigStore;
import org.eclipse.jgit.transport.SshConstants;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Applies a remote's authentication to a JGit transport command. SSH gets a session factory of its own whose
 * configuration comes only from the remote: its key, its known_hosts file, strict host key checking, no agent.
 * Nothing is read from the ~/.ssh directory of the user the daemon runs as.
 */
final class RemoteAccess implements AutoCloseable {
    private final GitRemote remote;
    private final SshdSessionFactory ssh;

    RemoteAccess(GitRemote remote, Path sshHome) {
        this.remote = remote;
        this.ssh = remote.auth() instanceof GitRemote.Auth.SshKey key ? sshFactory(key, sshHome.toFile()) : null;
    }

    /**
     * Sets credentials and transport on the command. The token is read from its supplier now, not earlier, so a
     * rotated secret is used at once.
     *
     * @return the secret that was set, or null: callers scrub it from any message they build
     */
    String apply(TransportCommand<?, ?> command) {
        String secret = null;
        if (remote.auth() instanceof GitRemote.Auth.Token token) {
            try {
                secret = token.token().get();
            } catch (RuntimeException e) {
                throw new SourceException("reading the token of repo '" + remote.name() + "': " + e.getMessage(), e);
            }
            if (secret == null || secret.isEmpty()) {
                throw new SourceException("reading the token of repo '" + remote.name() + "': it is empty");
            }
            command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(token.username(), secret));
        }
        if (ssh != null) {
            command.setTransportConfigCallback(transport -> {
                if (transport instanceof SshTransport sshTransport) {
                    sshTransport.setSshSessionFactory(ssh);
                }
            });
        }
        return secret;
    }

    private static SshdSessionFactory sshFactory(GitRemote.Auth.SshKey key, File home) {
        Path privateKey = key.privateKey().toAbsolutePath();
        Path knownHosts = key.knownHosts().toAbsolutePath();
        Map<String, String> options = Map.of(
                SshConstants.STRICT_HOST_KEY_CHECKING, SshConstants.YES,
                SshConstants.IDENTITIES_ONLY, SshConstants.YES,
                SshConstants.IDENTITY_AGENT, SshConstants.NONE,
                SshConstants.PREFERRED_AUTHENTICATIONS, "publickey",
                SshConstants.BATCH_MODE, SshConstants.YES);
        // the global file is set too, or /etc/ssh/ssh_known_hosts would be consulted
        Map<String, List<String>> lists = Map.of(
                SshConstants.USER_KNOWN_HOSTS_FILE, List.of(knownHosts.toString()),
                SshConstants.GLOBAL_KNOWN_HOSTS_FILE, List.of(knownHosts.toString()),
                SshConstants.IDENTITY_FILE, List.of(privateKey.toString()));
        SshConfigStore.HostConfig config = new FixedHostConfig(options, lists);
        SshConfigStore store = new SshConfigStore() {
            @Override
            public HostConfig lookup(String hostName, int port, String userName) {
                return config;
            }

            @Override
            public HostConfig lookupDefault(String hostName, int port, String userName) {
                return config;
            }
        };
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(home)
                .setSshDirectory(home)
                .setConfigStoreFactory((homeDir, configFile, localUser) -> store)
                .setDefaultKnownHostsFiles(dir -> List.of(knownHosts))
                .setDefaultIdentities(dir -> List.of(privateKey))
                .setPreferredAuthentications("publickey")
                .build(null);
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
    }

    private record FixedHostConfig(Map<String, String> options, Map<String, List<String>> lists)
            implements SshConfigStore.HostConfig {
        @Override
        public String getValue(String key) {
            List<String> values = lists.get(key);
            return values != null ? values.get(0) : options.get(key);
        }

        @Override
        public List<String> getValues(String key) {
            String value = options.get(key);
            return lists.getOrDefault(key, value == null ? List.of() : List.of(value));
        }

        @Override
        public Map<String, String> getOptions() {
            return options;
        }

        @Override
        public Map<String, List<String>> getMultiValuedOptions() {
            return lists;
        }
    }
}
