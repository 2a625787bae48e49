#pragma once

#include <string>
#include <vector>

#include "core/auth/scope.hpp"

namespace kaowu {

//! The permission strings a role holds ("org:view", ...). Routes and pages share them.
const std::vector<std::string>& permissions_of(Role role);
bool has_permission(Role role, const std::string& permission);

}  // namespace kaowu
