#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

// The one answer of every batch endpoint (删除、确认、审核 of many rows at once): how many rows
// were done, and each refused row with its id, the name a user knows it by, and why.
namespace kaowu::batch {

struct Refusal {
  std::int64_t id = 0;
  //! What the user calls the row (考场名称、申请单号、院校与周期); empty when the row is not
  //! visible to the caller.
  std::string name;
  std::string reason;
};

struct BatchResult {
  int done = 0;
  std::vector<Refusal> refused;

  void refuse(std::int64_t id, std::string name, std::string reason) {
    refused.push_back({id, std::move(name), std::move(reason)});
  }
  //! {done: N, refused: [{id, name, reason}]}
  nlohmann::json to_json() const;
  //! A reference to the BatchResult component, for a route's documented response.
  static nlohmann::json schema();
  //! The BatchResult component itself (registered once in the OpenAPI document).
  static nlohmann::json component_schema();
};

}  // namespace kaowu::batch
