#include "core/http/client_address.hpp"

#include <gtest/gtest.h>

namespace kaowu::http {
namespace {

std::vector<Network> nets(const std::string& list) {
  return parse_networks(list).value();
}

TEST(ClientAddress, WithoutTrustedProxiesThePeerIsTheClient) {
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.7", "203.0.113.8", {}), "127.0.0.1");
}

TEST(ClientAddress, AnUntrustedPeersHeadersAreIgnored) {
  EXPECT_EQ(client_address("198.51.100.9", "203.0.113.7", "203.0.113.8", nets("127.0.0.1")),
            "198.51.100.9");
}

TEST(ClientAddress, BehindATrustedProxyTheRightMostUntrustedHopIsTheClient) {
  const auto trusted = nets("127.0.0.1, 10.0.0.0/8");
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.7", "", trusted), "203.0.113.7");
  // A client that sends its own X-Forwarded-For cannot pick its address: nginx appends the real
  // one.
  EXPECT_EQ(client_address("127.0.0.1", "1.2.3.4, 203.0.113.7, 10.1.2.3", "", trusted),
            "203.0.113.7");
  EXPECT_EQ(client_address("127.0.0.1", "", "203.0.113.8", trusted), "203.0.113.8");
  EXPECT_EQ(client_address("127.0.0.1", "", "", trusted), "127.0.0.1");
  // Garbage in the header: the last trusted hop is the best we know.
  EXPECT_EQ(client_address("127.0.0.1", "unknown, 10.1.2.3", "", trusted), "10.1.2.3");
}

TEST(ClientAddress, NetworksMatchByPrefixForBothFamilies) {
  const auto trusted = nets("10.0.0.0/8 fd00::/8");
  EXPECT_EQ(client_address("10.255.0.1", "203.0.113.7", "", trusted), "203.0.113.7");
  EXPECT_EQ(client_address("11.0.0.1", "203.0.113.7", "", trusted), "11.0.0.1");
  EXPECT_EQ(client_address("fd12::1", "2001:db8::5", "", trusted), "2001:db8::5");
  EXPECT_EQ(client_address("::ffff:10.0.0.2", "203.0.113.7", "", trusted), "203.0.113.7");
}

TEST(ClientAddress, ABadListNamesTheEntry) {
  auto bad = parse_networks("127.0.0.1, proxy.local");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "--trusted-proxies 中的「proxy.local」不是 IP 地址或网段");
  EXPECT_FALSE(parse_networks("10.0.0.0/33"));
  EXPECT_TRUE(parse_networks("").value().empty());
}

}  // namespace
}  // namespace kaowu::http
