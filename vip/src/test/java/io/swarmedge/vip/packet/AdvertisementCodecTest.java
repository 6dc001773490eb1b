package io.swarmedge.vip.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdvertisementCodecTest {
    private static final InetAddress SRC = InetAddress.ofLiteral("192.168.1.10");
    private static final InetAddress GROUP = InetAddress.ofLiteral("224.0.0.18");
    private static final InetAddress SRC6 = InetAddress.ofLiteral("fe80::1");
    private static final InetAddress GROUP6 = InetAddress.ofLiteral("ff02::12");

    @Test
    void version2WithPasswordHasRfc3768Layout() {
        Advertisement adv = new Advertisement(
                VrrpVersion.V2, 51, 100, 100, List.of(InetAddress.ofLiteral("192.168.1.100")), Optional.of("secret"));
        byte[] m = AdvertisementCodec.encode(adv, SRC, GROUP, ChecksumMode.PSEUDO_HEADER);
        // ver/type, vrid, prio, count, auth PASS, 1 s, checksum, address, "secret\0\0"
        assertThat(HexFormat.of().formatHex(m)).startsWith("2133640101").hasSize(2 * 20);
        assertThat(HexFormat.of().formatHex(m, 8, 20)).isEqualTo("c0a801647365637265740000");
        assertThat(InternetChecksum.compute(m, 0, m.length))
                .as("checksum covers the message only")
                .isZero();
    }

    @Test
    void version2RoundTrips() throws Exception {
        Advertisement adv = new Advertisement(
                VrrpVersion.V2, 7, 120, 300, List.of(InetAddress.ofLiteral("10.0.0.100")), Optional.of("longpassword"));
        byte[] m = AdvertisementCodec.encode(adv, SRC, GROUP, ChecksumMode.PSEUDO_HEADER);
        Advertisement back = AdvertisementCodec.decode(m, SRC, GROUP, true);
        assertThat(back.password()).contains("longpass");
        assertThat(back).isEqualTo(adv);
    }

    @Test
    void version3Ipv4IncludesThePseudoHeaderByDefault() throws Exception {
        Advertisement adv = new Advertisement(
                VrrpVersion.V3, 51, 150, 10, List.of(InetAddress.ofLiteral("10.0.0.100")), Optional.empty());
        byte[] m = AdvertisementCodec.encode(adv, SRC, GROUP, ChecksumMode.PSEUDO_HEADER);
        assertThat(HexFormat.of().formatHex(m, 0, 6)).isEqualTo("31339601000a");
        assertThat(InternetChecksum.compute(m, 0, m.length))
                .as("not a message-only checksum")
                .isNotZero();
        assertThat(AdvertisementCodec.checksum(m, VrrpVersion.V3, SRC, GROUP, ChecksumMode.PSEUDO_HEADER))
                .isZero();
        assertThat(AdvertisementCodec.decode(m, SRC, GROUP, true)).isEqualTo(adv);
    }

    @Test
    void version3AsV2LeavesThePseudoHeaderOutAndIsStillAccepted() throws Exception {
        Advertisement adv = new Advertisement(
                VrrpVersion.V3, 51, 150, 10, List.of(InetAddress.ofLiteral("10.0.0.100")), Optional.empty());
        byte[] m = AdvertisementCodec.encode(adv, SRC, GROUP, ChecksumMode.MESSAGE_ONLY);
        assertThat(InternetChecksum.compute(m, 0, m.length)).isZero();
        assertThat(AdvertisementCodec.decode(m, SRC, GROUP, true)).isEqualTo(adv);
    }

    @Test
    void version3Ipv6RoundTrips() throws Exception {
        Advertisement adv = new Advertisement(
                VrrpVersion.V3, 9, 200, 4095, List.of(InetAddress.ofLiteral("fd00::100")), Optional.empty());
        byte[] m = AdvertisementCodec.encode(adv, SRC6, GROUP6, ChecksumMode.MESSAGE_ONLY);
        assertThat(m).hasSize(8 + 16);
        assertThat(AdvertisementCodec.checksum(m, VrrpVersion.V3, SRC6, GROUP6, ChecksumMode.MESSAGE_ONLY))
                .isZero();
        assertThat(AdvertisementCodec.decode(m, SRC6, GROUP6, true)).isEqualTo(adv);
    }

    @Test
    void corruptedOrTruncatedMessagesAreRejected() {
        Advertisement adv = new Advertisement(
                VrrpVersion.V3, 51, 150, 10, List.of(InetAddress.ofLiteral("10.0.0.100")), Optional.empty());
        byte[] m = AdvertisementCodec.encode(adv, SRC, GROUP, ChecksumMode.PSEUDO_HEADER);
        byte[] flipped = m.clone();
        flipped[2] ^= 1;
        assertThatThrownBy(() -> AdvertisementCodec.decode(flipped, SRC, GROUP, true))
                .hasMessageContaining("checksum");
        assertThatThrownBy(() -> AdvertisementCodec.decode(java.util.Arrays.copyOf(m, 10), SRC, GROUP, true))
                .hasMessageContaining("shorter");
        byte[] wrongType = m.clone();
        wrongType[0] = 0x32;
        assertThatThrownBy(() -> AdvertisementCodec.decode(wrongType, SRC, GROUP, false))
                .hasMessageContaining("type");
        assertThatThrownBy(() -> AdvertisementCodec.decode(new byte[3], SRC, GROUP, false))
                .hasMessageContaining("shorter");
    }

    @Test
    void version2RejectsSubSecondIntervalsAndIpv6() {
        assertThatThrownBy(() -> new Advertisement(VrrpVersion.V2, 1, 100, 10, List.of(), Optional.empty()))
                .hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> new Advertisement(
                        VrrpVersion.V2, 1, 100, 100, List.of(InetAddress.ofLiteral("fd00::1")), Optional.empty()))
                .hasMessageContaining("IPv4");
    }
}
