package io.marketpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {
    private static Args parse(String... argv) {
        return new Args(argv, Set.of("--lake"), Set.of("--keep-data"));
    }

    @Test
    void takesSqlThatStartsWithACommentAsTheStatementItIs() {
        String sql = "-- Per-strategy summary\nSELECT 1 AS a -- = b\n";
        Args args = parse("--lake", "/tmp/lake", sql);
        assertThat(args.positional()).containsExactly(sql);
        assertThat(args.get("--lake", null)).isEqualTo("/tmp/lake");
    }

    @Test
    void takesEverythingAfterADoubleDashAsPositional() {
        Args args = parse("--keep-data", "--", "--lake", "--unknown");
        assertThat(args.flag("--keep-data")).isTrue();
        assertThat(args.positional()).containsExactly("--lake", "--unknown");
        assertThat(args.get("--lake", "none")).isEqualTo("none");
    }

    @Test
    void stillRefusesAnUnknownOptionAndKeepsValuesWithSpaces() {
        assertThatThrownBy(() -> parse("--lak", "x"))
                .isInstanceOf(Args.UsageException.class)
                .hasMessageContaining("unknown option --lak");
        assertThat(parse("--lake=/my lake").get("--lake", null)).isEqualTo("/my lake");
        assertThat(parse("--lake", "-- not an option").get("--lake", null))
                .isEqualTo("-- not an option");
    }
}
