package io.marketpipe.ingest.feed;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When a rotation's old connection may go: once either side has forwarded a frame the other did.
 */
class OverlapTest {
    private final List<Boolean> retired = new ArrayList<>();
    private final Overlap overlap = new Overlap(retired::add);

    private static byte[] frame(int id) {
        return ("{\"t\":" + id + "}").getBytes(UTF_8);
    }

    @Test
    void theOldConnectionBehindRetiresWhenItReachesAFrameTheReplacementHad() {
        overlap.replacement(frame(10));
        overlap.replacement(frame(11));
        overlap.old(frame(8)); // only the old connection was sent these
        overlap.old(frame(9));
        assertThat(retired).isEmpty();
        overlap.old(frame(10));
        assertThat(retired).containsExactly(true);
        overlap.old(frame(11));
        overlap.end();
        assertThat(retired).as("once").containsExactly(true);
        assertThat(overlap.done()).isTrue();
    }

    @Test
    void theOldConnectionAheadRetiresWhenTheReplacementReachesItsFrame() {
        overlap.old(frame(20));
        overlap.old(frame(21));
        overlap.replacement(frame(19));
        assertThat(retired).isEmpty();
        overlap.replacement(frame(21));
        assertThat(retired).containsExactly(true);
    }

    @Test
    void endingWithoutProofSaysSo() {
        overlap.old(frame(1));
        overlap.end();
        overlap.replacement(frame(1));
        assertThat(retired).containsExactly(false);
    }
}
