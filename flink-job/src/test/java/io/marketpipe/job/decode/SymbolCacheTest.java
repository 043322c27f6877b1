package io.marketpipe.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SymbolCacheTest {
    @Test
    void givesTheStringOfTheBytesAndSharesItWhileItHoldsTheSlot() {
        SymbolCache cache = new SymbolCache();
        byte[] frame = "xxBTCUSDTyy".getBytes(StandardCharsets.US_ASCII);
        String first = cache.get(frame, 2, 7);
        assertThat(first).isEqualTo("BTCUSDT");
        assertThat(cache.get("BTCUSDT".getBytes(StandardCharsets.US_ASCII), 0, 7)).isSameAs(first);
        // more symbols than slots: colliding ones replace each other, never answer for each other
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4 * SymbolCache.SLOTS; i++) {
                String symbol = "SYM" + i + "USDT";
                byte[] bytes = symbol.getBytes(StandardCharsets.US_ASCII);
                assertThat(cache.get(bytes, 0, bytes.length)).isEqualTo(symbol);
            }
        }
        // not ASCII, malformed, too long: what new String gives
        byte[] odd = {(byte) 0xC3, (byte) 0xBC, (byte) 0xFF, 'A'};
        assertThat(cache.get(odd, 0, odd.length))
                .isEqualTo(new String(odd, StandardCharsets.UTF_8));
        byte[] longer = "A".repeat(SymbolCache.MAX_BYTES + 1).getBytes(StandardCharsets.US_ASCII);
        assertThat(cache.get(longer, 0, longer.length)).hasSize(SymbolCache.MAX_BYTES + 1);
        assertThat(cache.get(longer, 0, 0)).isEmpty();
    }
}
