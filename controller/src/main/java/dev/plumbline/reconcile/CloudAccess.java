package dev.plumbline.reconcile;

import dev.plumbline.aws.AssumedRole;
import dev.plumbline.aws.AwsClients;
import dev.plumbline.aws.RoleCredentials;
import dev.plumbline.aws.SecretResolver;
import dev.plumbline.aws.TemporaryCredentials;
import dev.plumbline.config.WorkspaceAwsConfig;
import dev.plumbline.discovery.WorkspaceSource;
import dev.plumbline.runner.ChildEnvironment;
import java.util.Map;

/**
 * What a run's tool process gets from the cloud account rather than from Git: short-lived credentials of the
 * workspace's role (assumed with the daemon's own credentials, which the tool never sees) and the values of
 * variables that name a secret in SSM Parameter Store or Secrets Manager. Every such value is added to the
 * environment as a secret, so it is redacted from all output.
 */
public final class CloudAccess {
    private final AwsClients daemon;
    private final RoleCredentials roles;

    public CloudAccess(AwsClients daemon) {
        this.daemon = daemon;
        this.roles = new RoleCredentials(new AssumedRole(daemon.sts()));
    }


    /**
     * Credentials for the workspace's role (fresh when the cached ones are about to expire), before each tool
     * command; and, once per run, the resolved secret variables as TF_VAR_*.
     */
    void credentials(WorkspaceSource source, ChildEnvironment env) {
        WorkspaceAwsConfig aws = source.aws();
        String region = aws == null ? daemon.config().region() : aws.regionOr(daemon.config().region());
        env.set("AWS_REGION", region);
        env.set("AWS_DEFAULT_REGION", region);
        if (daemon.config().endpoint() != null) {
            // An AWS emulator: tofu's S3 backend and the AWS SDKs honour the endpoint variable.
            env.set("AWS_ENDPOINT_URL", daemon.config().endpoint().toString());
        }
        if (aws == null) {
            return;
        }
        TemporaryCredentials creds = roles.current(source.id(), aws);
        env.set("AWS_ACCESS_KEY_ID", creds.accessKeyId());
        env.secret("AWS_SECRET_ACCESS_KEY", creds.secretAccessKey());
        env.secret("AWS_SESSION_TOKEN", creds.sessionToken());
    }

    void secretVariables(WorkspaceSource source, ChildEnvironment env) {
        if (source.secretVariables().isEmpty()) {
            return;
        }
        AwsClients clients = source.aws() == null ? daemon
                : daemon.forCredentials(roles.current(source.id(), source.aws()).provider(),
                        source.aws().regionOr(daemon.config().region()));
        try {
            SecretResolver resolver = new SecretResolver(clients.ssm(), clients.secretsManager());
            for (Map.Entry<String, String> v : source.secretVariables().entrySet()) {
                env.secret("TF_VAR_" + v.getKey(), resolver.resolve(v.getKey(), v.getValue()));
            }
        } finally {
            if (clients != daemon) {
                clients.close();
            }
        }
    }
}
