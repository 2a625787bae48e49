#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace kaowu::http {

//! An address or a network (CIDR) that requests may come through.
struct Network {
  boost::asio::ip::address address;
  unsigned prefix = 0;  //!< bits; 32 or 128 for a single address
  bool contains(const boost::asio::ip::address& a) const;
};

//! Parses a comma- or space-separated list such as "127.0.0.1, 10.0.0.0/8, ::1"; the error names
//! the entry that is not an address, and the option (`option`) it was given in.
Result<std::vector<Network>> parse_networks(const std::string& list,
                                            const std::string& option = "--trusted-proxies");

//! The address a request comes from. The peer's own address, unless the peer is a trusted proxy:
//! then the right-most X-Forwarded-For entry that is not itself a trusted proxy (or X-Real-IP when
//! there is no X-Forwarded-For). Headers from any other peer are ignored, as anyone can send them.
std::string client_address(const std::string& peer, const std::string& forwarded_for,
                           const std::string& real_ip, const std::vector<Network>& trusted);

}  // namespace kaowu::http
