package dev.plumbline.cli;

import dev.plumbline.auth.Role;
import dev.plumbline.console.SignInLink;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code plumbline console link}: a one-time sign-in link to the console, for a VM without an identity provider. */
@Command(name = "console", description = "The web console.", subcommands = ConsoleCommand.Link.class)
final class ConsoleCommand {
    @Command(name = "link", description = "Print a one-time link that signs its first user in to the console.")
    static final class Link implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common common;
        @Option(names = "--name", paramLabel = "NAME", converter = Arguments.Name.class,
                description = "Whom the link signs in, as the audit log names them (default: $USER).") String name;
        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "viewer", converter = RoleName.class,
                description = "viewer, operator or admin (default: viewer).") Role role;
        @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "15m", converter = Ttl.class,
                description = "How long the link is good for, at most 24h (default: 15m).") Duration ttl;

        @Override
        public Integer call() {
            try (App app = App.open(common.config)) {
                String who = name == null ? RunCommands.user() : name;
                URI link = SignInLink.create(app.db, URI.create(App.baseUrl(app.config, app.config.http().port())),
                        who, role, ttl, Clock.systemUTC());
                PrintWriter out = spec.commandLine().getOut();
                if (common.json) {
                    out.println(Common.json(Map.of("url", link.toString(), "name", who, "role", role.wire(),
                            "expires_in_seconds", ttl.toSeconds())));
                } else {
                    out.printf("%s%n(signs %s in as %s, once, within %s)%n", link, who, role.wire(), text(ttl));
                }
                out.flush();
                return 0;
            }
        }
    }

    static String text(Duration d) {
        return d.toMinutes() < 120 ? d.toMinutes() + " minutes" : d.toHours() + " hours";
    }

    static final class RoleName implements ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            try {
                return Role.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected viewer, operator or admin");
            }
        }
    }

    /** {@code 30m}, {@code 2h}: from 1 minute to 24 hours. */
    static final class Ttl implements ITypeConverter<Duration> {
        private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,4})([mh])");

        @Override
        public Duration convert(String value) {
            Matcher m = FORM.matcher(value);
            if (!m.matches()) {
                throw new TypeConversionException("expected minutes or hours such as 15m or 2h");
            }
            long n = Long.parseLong(m.group(1));
            Duration d = m.group(2).equals("m") ? Duration.ofMinutes(n) : Duration.ofHours(n);
            if (d.compareTo(SignInLink.MAX_TTL) > 0) {
                throw new TypeConversionException("at most 24h");
            }
            return d;
        }
    }
}
