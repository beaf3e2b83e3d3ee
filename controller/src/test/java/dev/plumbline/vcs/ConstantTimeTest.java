package dev.plumbline.vcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConstantTimeTest {

    @Test
    void equal_secrets_match_and_anything_else_does_not() {
        assertThat(ConstantTime.equals("s3cret", "s3cret")).isTrue();
        assertThat(ConstantTime.equals("s3cret", "s3creT")).isFalse();
        assertThat(ConstantTime.equals("s3cret", "s3cret ")).isFalse();
        assertThat(ConstantTime.equals("s3cret", "")).isFalse();
        assertThat(ConstantTime.equals("s3cret", null)).isFalse();
        assertThat(ConstantTime.equals(null, null)).isFalse();
    }

    /**
     * Timing cannot be asserted reliably in a unit test, so this pins the construction instead: both verifiers
     * compare through {@link ConstantTime}, which compares fixed-length digests with MessageDigest.isEqual.
     */
    @Test
    void webhook_verifiers_compare_secrets_in_constant_time() throws IOException {
        Path main = Path.of(System.getProperty("plumbline.repoRoot", ".."), "controller/src/main/java/dev/plumbline/vcs");
        assertThat(Files.readString(main.resolve("ConstantTime.java"))).contains("MessageDigest.isEqual(sha256(");
        for (String verifier : new String[] {"github/GitHubSignature.java", "gitlab/GitLabToken.java"}) {
            String source = Files.readString(main.resolve(verifier));
            assertThat(source).as(verifier).contains("ConstantTime.equals(")
                    .doesNotContain(".equals(presented").doesNotContain("presented.equals(")
                    .doesNotContain("expected.equals(").doesNotContain("key.equals(");
        }
    }
}
