package io.swarmedge.proxy.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmoothWeightsTest {
    @Test
    void spreadsHeavyWeightsEvenlyLikeNginx() {
        SmoothWeights w = new SmoothWeights(new int[] {5, 1, 1});
        List<Integer> picks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            picks.add(w.next());
        }
        assertThat(picks).containsExactly(0, 0, 1, 0, 2, 0, 0);
    }

    @Test
    void equalWeightsRoundRobin() {
        SmoothWeights w = new SmoothWeights(new int[] {1, 1, 1});
        assertThat(List.of(w.next(), w.next(), w.next(), w.next())).containsExactly(0, 1, 2, 0);
    }

    @Test
    void stickyCookieValuesAreParsedFromAnyPosition() {
        var request = new io.netty.handler.codec.http.DefaultHttpRequest(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpMethod.GET, "/");
        request.headers().add("Cookie", "a=1; _abc=\"v2\"; z=3");
        assertThat(StickyCookies.find(request, "_abc")).isEqualTo("v2");
        assertThat(StickyCookies.find(request, "_ab")).isNull();
        assertThat(StickyCookies.find(request, "z")).isEqualTo("3");
    }
}
