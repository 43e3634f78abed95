// The client behind trusted reverse proxies: src/collector/client_address.cpp.
#include "client_address.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace magnete::collector {
namespace {

std::vector<Cidr> ranges(std::initializer_list<const char*> texts) {
  std::vector<Cidr> out;
  for (const char* text : texts) {
    auto range = parse_cidr(text);
    EXPECT_TRUE(range.has_value()) << text;
    if (range) out.push_back(*range);
  }
  return out;
}

TEST(ClientAddress, RangesOfIpv4AndIpv6) {
  const auto trusted =
      ranges({"10.0.0.0/8", "192.168.1.7", "2001:db8::/32", "::1/128", "0.0.0.0/0"});
  EXPECT_TRUE(contains(trusted[0], *parse_ip("10.200.3.4")));
  EXPECT_FALSE(contains(trusted[0], *parse_ip("11.0.0.1")));
  EXPECT_TRUE(contains(trusted[1], *parse_ip("192.168.1.7")));
  EXPECT_FALSE(contains(trusted[1], *parse_ip("192.168.1.8")));
  EXPECT_TRUE(contains(trusted[2], *parse_ip("2001:db8:cafe::17")));
  EXPECT_FALSE(contains(trusted[2], *parse_ip("2001:db9::1")));
  EXPECT_TRUE(contains(trusted[3], *parse_ip("::1")));
  // An IPv4 range holds the dual-stack (IPv4-mapped) form of its addresses, and only IPv4.
  EXPECT_TRUE(contains(trusted[0], *parse_ip("::ffff:10.1.2.3")));
  EXPECT_TRUE(contains(trusted[4], *parse_ip("203.0.113.9")));
  EXPECT_FALSE(contains(trusted[4], *parse_ip("2001:db8::1")));
  for (const char* bad : {"", "10.0.0.0/33", "::/129", "10.0.0.1/8", "10.0.0/8", "fe80::/x",
                          "10.0.0.0/", "localhost", "1.2.3.4/08a", "2001:db8::/32/1"}) {
    EXPECT_FALSE(parse_cidr(bad).has_value()) << bad;
  }
}

TEST(ClientAddress, APeerThatIsNotTrustedIsTheClientWhateverItsHeadersSay) {
  const auto trusted = ranges({"10.0.0.0/8"});
  EXPECT_EQ(client_address("203.0.113.9", "198.51.100.1", "for=198.51.100.2", trusted),
            "203.0.113.9");
  EXPECT_EQ(client_address("203.0.113.9", "198.51.100.1", "", {}), "203.0.113.9");
  EXPECT_EQ(client_address("::ffff:203.0.113.9", "", "", trusted), "203.0.113.9");
}

TEST(ClientAddress, BehindATrustedProxyTheRightMostUntrustedHopIsTheClient) {
  const auto trusted = ranges({"10.0.0.0/8", "fd00::/8"});
  // nginx appends the address it saw; what the client itself wrote is further left.
  EXPECT_EQ(client_address("10.0.0.2", "198.51.100.7", "", trusted), "198.51.100.7");
  EXPECT_EQ(client_address("10.0.0.2", "6.6.6.6, 198.51.100.7", "", trusted), "198.51.100.7");
  EXPECT_EQ(client_address("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.1.1.1", "", trusted),
            "198.51.100.7");
  EXPECT_EQ(client_address("fd00::2", "2001:db8::42, fd00::3", "", trusted), "2001:db8::42");
  // Ports, brackets and spacing as proxies write them.
  EXPECT_EQ(client_address("10.0.0.2", " 198.51.100.7:51234 ", "", trusted), "198.51.100.7");
  EXPECT_EQ(client_address("10.0.0.2", "[2001:db8::42]:443", "", trusted), "2001:db8::42");
  // Every hop trusted: the left-most; none: the proxy itself.
  EXPECT_EQ(client_address("10.0.0.2", "10.9.9.9, 10.1.1.1", "", trusted), "10.9.9.9");
  EXPECT_EQ(client_address("10.0.0.2", "", "", trusted), "10.0.0.2");
  // A hop that is not an address ends the walk at the trusted proxy that wrote it.
  EXPECT_EQ(client_address("10.0.0.2", "198.51.100.7, unknown, 10.1.1.1", "", trusted), "10.1.1.1");
}

TEST(ClientAddress, ForwardedIsReadWhenThereIsNoXForwardedFor) {
  const auto trusted = ranges({"10.0.0.0/8"});
  EXPECT_EQ(client_address("10.0.0.2", "", "for=198.51.100.7;proto=https", trusted),
            "198.51.100.7");
  EXPECT_EQ(client_address("10.0.0.2", "",
                           R"(for="[2001:db8:cafe::17]:4711", For=10.3.3.3;by=10.0.0.2)", trusted),
            "2001:db8:cafe::17");
  EXPECT_EQ(client_address("10.0.0.2", "", "for=6.6.6.6, for=198.51.100.7", trusted),
            "198.51.100.7");
  EXPECT_EQ(client_address("10.0.0.2", "", "for=198.51.100.7, for=_hidden", trusted), "10.0.0.2");
  // Both: X-Forwarded-For, which every common proxy writes; Forwarded may be the client's.
  EXPECT_EQ(client_address("10.0.0.2", "198.51.100.7", "for=6.6.6.6", trusted), "198.51.100.7");
}

}  // namespace
}  // namespace magnete::collector
