package dev.plumbline.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The leak check the image test runs on every file: it finds what it looks for, and only that. */
class ImageFilesTest {
    private static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + Base64.getEncoder().encodeToString(new byte[48]) + "\n-----END OPENSSH PRIVATE KEY-----\n";

    @Test
    void a_private_key_with_its_content_is_found() {
        assertThat(ImageFiles.leak("config\u0000" + KEY)).isEqualTo("holds a private key");
        assertThat(ImageFiles.leak(KEY.replace("OPENSSH ", "").replace("\n", "\r\n"))).isEqualTo("holds a private key");
    }

    @Test
    void the_bare_markers_libraries_hold_as_constants_are_not_a_key() {
        assertThat(ImageFiles.leak("\u0001\u0000\u001b-----BEGIN PRIVATE KEY-----\u0001\u0000\u0019-----END PRIVATE KEY-----"))
                .isNull();
    }

    @Test
    void a_path_of_the_build_machine_is_found() {
        String home = System.getProperty("user.home");
        assertThat(ImageFiles.leak("GOPATH=" + home + "/.cache/plumbline/tools")).contains(".cache/plumbline");
        assertThat(ImageFiles.leak("/opt/plumbline/plumbline.jar /usr/local/bin/tofu")).isNull();
    }

    @Test
    void a_key_in_a_compiled_class_is_left_to_the_library_but_a_build_path_there_is_not() {
        assertThat(ImageFiles.leak(KEY, false)).isNull();
        assertThat(ImageFiles.leak(System.getProperty("user.home") + "/.m2/repository", false)).contains(".m2");
    }
}
