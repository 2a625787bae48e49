#pragma once

#include <string>
#include <string_view>

namespace kaowu::office {

//! 身份证号 as shown to users: first 6 and last 6 characters, five asterisks between
//! (370682199409063549 → 370682*****063549). Shorter values keep only their first and last
//! character.
std::string mask_id_number(std::string_view id);
//! 手机号 as shown to users: first 3 and last 4 digits, four asterisks between
//! (18312340551 → 183****0551). Shorter values keep only their last 2 characters.
std::string mask_phone(std::string_view phone);

//! A name as a public page shows it: the first character, then * for each other (王**).
std::string mask_name(std::string_view name);

}  // namespace kaowu::office
