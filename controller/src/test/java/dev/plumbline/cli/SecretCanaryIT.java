package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.auth.Role;
import dev.plumbline.auth.Tokens;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.store.Database;
import dev.plumbline.store.LogLine;
import dev.plumbline.testing.InfraRepo;
import dev.plumbline.testing.MotoServer;
import dev.plumbline.testing.TestServer;
import dev.plumbline.vcs.LogCapture;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Canary secrets sent through every way a secret reaches a run, then searched for in everything Plumbline prints,
 * serves or stores: the CLI's JSON, the run page, stored logs, plans and drift findings, and the raw bytes of the
 * H2 file. The real tofu, providers, Git repository, H2 file and AWS emulator; the CLI runs in process.
 *
 * <p>The ways in: a plain {@code .plumbline.yaml} value, a var file and a literal default of variables the HCL
 * declares sensitive, and an {@code ssm:} reference. The ways out: a {@code terraform_data} copy of the input, a
 * {@code local-exec} that prints the value, a failing provisioner whose error quotes it, files whose digests the
 * provider records ({@code content_sha256}, the id), and drift on those files.
 */
class SecretCanaryIT {
    @RegisterExtension
    static final MotoServer moto = new MotoServer();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String PLAIN = "canary-plain-" + RUN;
    /** With a quote: JSON and HCL print it escaped. */
    private static final String VAR_FILE = "canary\"file-" + RUN;
    private static final String SSM = "canary-ssm-" + RUN;
    private static final String DEFAULT = "canary-default-" + RUN;

    @TempDir
    Path tmp;

    private InfraRepo repo;
    private Path out;
    private String config;
    private final Map<String, String> printed = new LinkedHashMap<>();
    private LogCapture logged;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        logged = new LogCapture();
        moto.clients().ssm().putParameter(r -> r.name("/canary-" + RUN + "/secret").type(ParameterType.SECURE_STRING)
                .value(SSM).overwrite(true));
        // the daemon's own AWS credentials, as the SDK's default chain reads them in a CLI process
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
        out = Files.createDirectories(tmp.resolve("managed"));
        repo = InfraRepo.withExamples(tmp.resolve("git"), """
                workspaces:
                  - name: vault
                    dir: workspaces/vault
                    apply: auto
                    var_files: [vault.tfvars]
                    variables: {output_dir: "%1$s", db_password: "%2$s", ssm_secret: "ssm:/canary-%3$s/secret"}
                  - name: broken
                    dir: workspaces/broken
                    apply: auto
                    variables: {db_password: "%2$s"}
                """.formatted(out, PLAIN, RUN));
        repo.write("workspaces/vault/main.tf", """
                terraform {
                  required_providers {
                    local = { source = "hashicorp/local", version = "2.9.0" }
                  }
                }
                variable "output_dir" { type = string }
                variable "db_password" {
                  type      = string
                  sensitive = true
                }
                variable "api_token" {
                  type      = string
                  sensitive = true
                }
                variable "ssm_secret" {
                  type      = string
                  sensitive = true
                }
                variable "default_secret" {
                  type      = string
                  sensitive = true
                  default   = "%s"
                }
                resource "terraform_data" "copy" {
                  input = {
                    password = var.db_password
                    token    = var.api_token
                    ssm      = var.ssm_secret
                    default  = var.default_secret
                  }
                  provisioner "local-exec" {
                    command = "echo provisioner says ${nonsensitive(var.db_password)} ${nonsensitive(var.ssm_secret)}"
                  }
                }
                resource "local_sensitive_file" "password" {
                  filename = "${var.output_dir}/password.txt"
                  content  = var.db_password
                }
                resource "local_sensitive_file" "ssm" {
                  filename = "${var.output_dir}/ssm.txt"
                  content  = var.ssm_secret
                }
                resource "local_file" "token" {
                  filename          = "${var.output_dir}/token.txt"
                  sensitive_content = var.api_token
                }
                """.formatted(DEFAULT));
        repo.write("workspaces/vault/vault.tfvars", "api_token = \"" + VAR_FILE.replace("\"", "\\\"") + "\"\n");
        repo.write("workspaces/broken/main.tf", """
                variable "db_password" {
                  type      = string
                  sensitive = true
                }
                resource "terraform_data" "fails" {
                  provisioner "local-exec" {
                    command     = "echo failing with $P; exit 3"
                    environment = { P = var.db_password }
                  }
                }
                """);
        repo.commit("Workspaces that handle secrets");
        Path file = tmp.resolve("plumbline.yaml");
        Files.writeString(file, repo.daemonConfig("infra", tmp.resolve("data"))
                + "aws: {region: " + moto.region() + ", endpoint: '" + moto.endpoint() + "'}\n");
        config = file.toString();
    }

    @AfterEach
    void tearDown() {
        logged.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        repo.close();
    }

    /** What the server answers to GET {@code path} with the token; the status must be {@code expected}. */
    private String served(TestServer server, String token, String path, int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + path)).header("Authorization", "Bearer " + token).header("Accept", path.endsWith("/stream")
                ? "text/event-stream" : "*/*").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(expected);
        return r.body();
    }

    private JsonNode cli(String what, int expectedExit, String... args) throws Exception {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(stderr, true));
        List<String> argv = new ArrayList<>(List.of(args));
        argv.addAll(List.of("--config", config, "--json"));
        int exit = cli.execute(argv.toArray(String[]::new));
        printed.put(what + " stdout", stdout.toString());
        printed.put(what + " stderr", stderr.toString());
        assertThat(exit).as("%s: %s", what, stderr).isEqualTo(expectedExit);
        return JSON.readTree(stdout.toString());
    }

    @Test
    void no_canary_nor_its_digest_appears_in_any_output_or_in_the_database() throws Exception {
        JsonNode vault = cli("reconcile vault", 0, "reconcile", "infra/vault").at("/workspaces/0");
        assertThat(vault.path("apply_status").asText()).as(vault.toString()).isEqualTo("succeeded");
        // the canaries really went through: the files hold them
        assertThat(out.resolve("password.txt")).hasContent(PLAIN);
        assertThat(out.resolve("token.txt")).hasContent(VAR_FILE);
        assertThat(out.resolve("ssm.txt")).hasContent(SSM);

        Files.writeString(out.resolve("password.txt"), "changed by hand");
        Files.delete(out.resolve("token.txt"));
        JsonNode drift = cli("drift vault", 2, "drift", "infra/vault").at("/workspaces/0");
        assertThat(drift.path("classification").asText()).isEqualTo("drifted");

        JsonNode broken = cli("reconcile broken", 1, "reconcile", "infra/broken").at("/workspaces/0");
        assertThat(broken.path("apply_status").asText()).as(broken.toString()).isEqualTo("failed");

        JsonNode runs = cli("runs", 0, "runs").path("runs");
        List<Long> ids = new ArrayList<>();
        runs.forEach(r -> ids.add(r.path("id").asLong()));
        assertThat(ids).hasSize(5);
        for (long id : ids) {
            cli("show " + id, 0, "show", Long.toString(id), "--logs");
        }

        Path data = tmp.resolve("data");
        try (Database db = Database.open(data.resolve("plumbline"), data.resolve("plan.key"));
                TestServer server = new TestServer(db, CodeHosts.of(List.of(), Map.of()), delivery -> { }, data,
                        () -> { })) {
            String token = new Tokens(db).create("canary-reader", Role.ADMIN, "test").text();
            for (long id : ids) {
                for (String path : List.of("/runs/" + id, "/api/v1/runs/" + id, "/api/v1/runs/" + id + "/log",
                        "/api/v1/runs/" + id + "/log/stream")) {
                    printed.put("GET " + path, served(server, token, path, 200));
                }
                if (db.plans().find(id).isPresent()) {
                    printed.put("GET /api/v1/runs/" + id + "/plan", served(server, token, "/api/v1/runs/" + id + "/plan", 200));
                }
                printed.put("stored log of run " + id, db.logs().read(id).stream().map(LogLine::text)
                        .collect(Collectors.joining("\n")));
                db.plans().find(id).ifPresent(p -> {
                    printed.put("stored plan JSON of run " + id, p.maskedJson());
                    printed.put("stored plan text of run " + id, p.renderedText());
                });
                printed.put("drift findings of run " + id, db.drift().forRun(id).stream().map(DriftFinding::toString)
                        .collect(Collectors.joining("\n")));
                for (DriftFinding f : db.drift().forRun(id)) {
                    String path = "/api/v1/workspaces/infra/" + db.runs().find(id).orElseThrow().workspace().name()
                            + "/resources?address=" + URLEncoder.encode(f.address(), StandardCharsets.UTF_8);
                    printed.put("GET " + path, served(server, token, path, 200));
                }
                printed.put("error of run " + id, String.valueOf(db.runs().find(id).orElseThrow().errorMessage()));
            }
            for (String path : List.of("/api/v1/workspaces", "/api/v1/workspaces/infra/vault",
                    "/api/v1/workspaces/infra/vault/drift", "/api/v1/runs", "/api/v1/audit", "/api/v1/queue",
                    "/metrics")) {
                printed.put("GET " + path, served(server, token, path, 200));
            }
        }
        printed.put("the log lines of this process", String.join("\n", logged.lines()));
        // the ways out were taken: tofu printed the values, and stored the digests
        String logs = printed.entrySet().stream().filter(e -> e.getKey().startsWith("stored log"))
                .map(Map.Entry::getValue).collect(Collectors.joining("\n"));
        assertThat(logs).contains("provisioner says ").contains("failing with ");
        assertThat(printed.toString()).contains("content_sha256");
        printed.put("H2 file", Files.readString(data.resolve("plumbline.mv.db"), StandardCharsets.ISO_8859_1));

        List<String> leaks = new ArrayList<>();
        for (String canary : List.of(PLAIN, VAR_FILE, SSM, DEFAULT)) {
            List<String> forms = forms(canary);
            for (int i = 0; i < forms.size(); i++) {
                String form = forms.get(i);
                String name = FORM_NAMES.get(i) + " of " + canary;
                printed.forEach((where, text) -> {
                    if (text.contains(form)) {
                        leaks.add(where + ": " + name);
                    }
                });
            }
        }
        assertThat(leaks).as("outputs holding a canary").isEmpty();
        assertThat(logs).contains("provisioner says *** ***").contains("failing with ***");
        assertThat(broken.toString()).contains("failing with ***");

        Path state = data.resolve("state/infra/vault");
        assertThat(Files.readString(state.resolve("terraform.tfstate"))).as("the state holds the secrets").contains(SSM);
        for (Path f : List.of(state.resolve("terraform.tfstate"), state.resolve("terraform.tfstate.backup"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
    }

    private static final List<String> FORM_NAMES = List.of("the value", "the JSON-quoted value", "md5", "md5 base64",
            "sha1", "sha1 base64", "sha256", "sha256 base64", "sha512", "sha512 base64");

    /** The canary, as JSON quotes it, and its digests in hex and base64 (in the order of {@link #FORM_NAMES}). */
    private static List<String> forms(String canary) throws Exception {
        List<String> forms = new ArrayList<>(List.of(canary, canary.replace("\"", "\\\"")));
        for (String algorithm : List.of("MD5", "SHA-1", "SHA-256", "SHA-512")) {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(canary.getBytes(StandardCharsets.UTF_8));
            forms.add(HexFormat.of().formatHex(digest));
            forms.add(Base64.getEncoder().encodeToString(digest));
        }
        return forms;
    }
}
