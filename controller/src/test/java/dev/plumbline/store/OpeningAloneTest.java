package dev.plumbline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.testing.StoreHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An H2 file opened by one process alone, as a copy of the whole store opens its source: H2 only. */
class OpeningAloneTest {
    @TempDir
    Path data;

    @Test
    void a_file_no_other_process_holds_opens_and_reads_as_always() {
        try (Database db = Database.open(data.resolve("plumbline"), data.resolve("plan.key"))) {
            StoreFixture.running(db, StoreFixture.PROD);
        }

        try (Database db = Database.openAlone(data.resolve("plumbline"), data.resolve("plan.key"))) {
            assertThat(db.runs().list(Optional.empty(), 10)).hasSize(1);
        }
    }

    @Test
    void a_file_another_process_holds_is_refused_saying_so() throws Exception {
        Database.open(data.resolve("plumbline"), data.resolve("plan.key")).close();

        try (StoreHolder daemon = StoreHolder.holding(data)) {
            assertThatThrownBy(() -> Database.openAlone(data.resolve("plumbline"), data.resolve("plan.key")))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("opening database " + data.resolve("plumbline.mv.db") + " alone: another process has"
                            + " it open (a running daemon, or a command): stop it, then try again");
        }
        Database.openAlone(data.resolve("plumbline"), data.resolve("plan.key")).close();
    }

    @Test
    void a_missing_file_or_plan_key_is_refused_and_nothing_is_created() throws Exception {
        assertThatThrownBy(() -> Database.openAlone(data.resolve("plumbline"), data.resolve("plan.key")))
                .isInstanceOf(StoreException.class)
                .hasMessage("opening database " + data.resolve("plumbline.mv.db") + " alone: there is no such file");
        assertThat(data.resolve("plumbline.mv.db")).doesNotExist();
        assertThat(data.resolve("plan.key")).doesNotExist();

        Database.open(data.resolve("plumbline"), data.resolve("plan.key")).close();
        Files.delete(data.resolve("plan.key"));
        assertThatThrownBy(() -> Database.openAlone(data.resolve("plumbline"), data.resolve("plan.key")))
                .isInstanceOf(StoreException.class)
                .hasMessageEndingWith("alone: there is no plan key " + data.resolve("plan.key") + ", without which"
                        + " its plans cannot be read");
    }
}
