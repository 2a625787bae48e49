#include "core/http/client_address.hpp"

namespace kaowu::http {

namespace asio = boost::asio;

namespace {
bool parse_address(const std::string& text, asio::ip::address& out) {
  boost::system::error_code ec;
  out = asio::ip::make_address(text, ec);
  if (ec) return false;
  // An IPv4 peer on a dual-stack socket shows as ::ffff:a.b.c.d.
  if (out.is_v6() && out.to_v6().is_v4_mapped()) {
    out = asio::ip::make_address_v4(asio::ip::v4_mapped, out.to_v6());
  }
  return true;
}

bool trusted_peer(const asio::ip::address& a, const std::vector<Network>& trusted) {
  for (const auto& n : trusted) {
    if (n.contains(a)) return true;
  }
  return false;
}

std::string strip(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}
}  // namespace

bool Network::contains(const asio::ip::address& a) const {
  if (a.is_v4() != address.is_v4()) return false;
  auto bytes_match = [this](const auto& x, const auto& y) {
    unsigned bits = prefix;
    for (std::size_t i = 0; i < x.size() && bits > 0; ++i) {
      const unsigned take = std::min(bits, 8u);
      const unsigned mask = (0xFFu << (8 - take)) & 0xFFu;
      if ((x[i] & mask) != (y[i] & mask)) return false;
      bits -= take;
    }
    return true;
  };
  if (a.is_v4()) return bytes_match(a.to_v4().to_bytes(), address.to_v4().to_bytes());
  return bytes_match(a.to_v6().to_bytes(), address.to_v6().to_bytes());
}

Result<std::vector<Network>> parse_networks(const std::string& list, const std::string& option) {
  std::vector<Network> out;
  std::string item;
  auto flush = [&]() -> Status {
    item = strip(item);
    if (item.empty()) return {};
    Network n;
    const auto slash = item.find('/');
    if (!parse_address(item.substr(0, slash), n.address)) {
      return err::invalid(option + " 中的「" + item + "」不是 IP 地址或网段");
    }
    const unsigned max = n.address.is_v4() ? 32 : 128;
    n.prefix = max;
    if (slash != std::string::npos) {
      const std::string bits = item.substr(slash + 1);
      if (bits.empty() || bits.size() > 3 ||
          bits.find_first_not_of("0123456789") != std::string::npos || std::stoul(bits) > max) {
        return err::invalid(option + " 中的「" + item + "」网段前缀长度无效");
      }
      n.prefix = static_cast<unsigned>(std::stoul(bits));
    }
    out.push_back(n);
    item.clear();
    return {};
  };
  for (char c : list) {
    if (c == ',' || c == ' ' || c == ';') {
      TRY(flush());
    } else {
      item += c;
    }
  }
  TRY(flush());
  return out;
}

std::string client_address(const std::string& peer, const std::string& forwarded_for,
                           const std::string& real_ip, const std::vector<Network>& trusted) {
  asio::ip::address a;
  if (trusted.empty() || !parse_address(peer, a) || !trusted_peer(a, trusted)) return peer;
  if (!forwarded_for.empty()) {
    // Walk from the right: each trusted hop appended the address it saw.
    std::string last_good = peer;
    std::size_t end = forwarded_for.size();
    for (;;) {
      const std::size_t comma = forwarded_for.rfind(',', end == 0 ? 0 : end - 1);
      const std::size_t begin = comma == std::string::npos ? 0 : comma + 1;
      const std::string hop = strip(forwarded_for.substr(begin, end - begin));
      if (!parse_address(hop, a)) return last_good;
      if (!trusted_peer(a, trusted)) return a.to_string();
      last_good = a.to_string();
      if (comma == std::string::npos) return last_good;
      end = comma;
    }
  }
  if (!real_ip.empty() && parse_address(strip(real_ip), a)) return a.to_string();
  return peer;
}

}  // namespace kaowu::http
