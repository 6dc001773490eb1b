package io.swarmedge.vip.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.vip.packet.InternetChecksum;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NeighbourAnnouncerTest {
    private static final byte[] MAC = HexFormat.of().parseHex("020000000001");

    @Test
    void gratuitousArpIsABroadcastRequestForTheAddressItself() {
        byte[] f = NeighbourAnnouncer.gratuitousArp(MAC, (Inet4Address) InetAddress.ofLiteral("10.0.0.100"));
        HexFormat hex = HexFormat.of();
        assertThat(f).hasSize(60);
        assertThat(hex.formatHex(f, 0, 14)).isEqualTo("ffffffffffff" + "020000000001" + "0806");
        // Ethernet/IPv4, request, sender = target = 10.0.0.100 at our MAC.
        assertThat(hex.formatHex(f, 14, 42))
                .isEqualTo("0001080006040001" + "020000000001" + "0a000064" + "000000000000" + "0a000064");
    }

    @Test
    void unsolicitedAdvertisementOverridesAndCarriesAValidChecksum() {
        Inet6Address vip = (Inet6Address) InetAddress.ofLiteral("fd00::100");
        byte[] f = NeighbourAnnouncer.unsolicitedAdvertisement(MAC, vip);
        HexFormat hex = HexFormat.of();
        assertThat(hex.formatHex(f, 0, 14)).isEqualTo("333300000001" + "020000000001" + "86dd");
        assertThat(f[14 + 7] & 0xff).as("hop limit").isEqualTo(255);
        int icmp = 14 + 40;
        assertThat(f[icmp] & 0xff).as("type: neighbour advertisement").isEqualTo(136);
        assertThat(f[icmp + 4]).as("override flag").isEqualTo((byte) 0x20);
        assertThat(Arrays.copyOfRange(f, icmp + 8, icmp + 24)).isEqualTo(vip.getAddress());
        assertThat(hex.formatHex(f, icmp + 24, icmp + 32)).isEqualTo("0201" + "020000000001");
        byte[] pseudo = new byte[40 + 32];
        System.arraycopy(f, 14 + 8, pseudo, 0, 32);
        pseudo[35] = 32;
        pseudo[39] = 58;
        System.arraycopy(f, icmp, pseudo, 40, 32);
        assertThat(InternetChecksum.compute(pseudo, 0, pseudo.length)).isZero();
    }
}
