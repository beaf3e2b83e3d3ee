package dev.plumbline.cli;

import dev.plumbline.auth.NewToken;
import dev.plumbline.auth.Role;
import dev.plumbline.auth.Tokens;
import dev.plumbline.store.StoredToken;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** token: the API's bearer tokens, made, listed and revoked on the daemon's VM by whoever can read its store. */
@Command(name = "token", description = "Manage API tokens: create (printed once), list, revoke.",
        subcommands = {TokenCommands.Create.class, TokenCommands.ListTokens.class, TokenCommands.Revoke.class})
final class TokenCommands implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    static final class RoleName implements ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            try {
                return Role.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Command(name = "create", description = "Create a token and print it once; only its sha256 is stored.")
    static final class Create implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common common;
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "What the token is for.")
        String name;
        @Option(names = "--role", required = true, paramLabel = "ROLE", converter = RoleName.class,
                description = "viewer, operator or admin.") Role role;

        @Override
        public Integer call() {
            try (App app = App.open(common.config)) {
                NewToken made = new Tokens(app.db).create(name, role, RunCommands.osUser());
                PrintWriter out = spec.commandLine().getOut();
                if (common.json) {
                    Map<String, Object> v = made.stored().view();
                    v.put("token", made.text());
                    out.println(Common.json(v));
                } else {
                    out.println(made.text());
                    spec.commandLine().getErr().printf("token '%s' (%s) created; it is shown only now."
                            + " Send it as: Authorization: Bearer <token>%n", name, role.wire());
                }
                return 0;
            }
        }
    }

    @Command(name = "list", description = "List tokens, live and revoked (never their text).")
    static final class ListTokens implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common common;

        @Override
        public Integer call() {
            try (App app = App.open(common.config)) {
                List<StoredToken> tokens = new Tokens(app.db).list();
                PrintWriter out = spec.commandLine().getOut();
                if (common.json) {
                    out.println(Common.json(Map.of("tokens", tokens.stream().map(StoredToken::view).toList())));
                    return 0;
                }
                out.printf("%-24s %-9s %-8s %-28s %s%n", "NAME", "ROLE", "STATE", "CREATED", "LAST USED");
                for (StoredToken t : tokens) {
                    out.printf("%-24s %-9s %-8s %-28s %s%n", t.name(), t.role(), t.revoked() ? "revoked" : "live",
                            t.createdAt(), t.lastUsedAt() == null ? "-" : t.lastUsedAt());
                }
                return 0;
            }
        }
    }

    @Command(name = "revoke", description = "Revoke the live token of this name: it is refused from now on.")
    static final class Revoke implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common common;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            try (App app = App.open(common.config)) {
                new Tokens(app.db).revoke(name, RunCommands.osUser());
                spec.commandLine().getOut().printf("token '%s' revoked%n", name);
                return 0;
            }
        }
    }
}
