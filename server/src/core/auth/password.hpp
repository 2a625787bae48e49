#pragma once

#include <string>

#include "core/error.hpp"

namespace kaowu::crypto {

//! Initialises libsodium; call once before threads start.
void init();
//! argon2id (t=2, 19 MiB) in the PHC string format.
Result<std::string> hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);
//! At least 8 characters with both letters and digits.
Status check_strength(const std::string& password);
//! A random password that passes check_strength, without look-alike characters.
std::string generate_password(std::size_t length = 12);
//! 256 random bits as 64 hex characters.
std::string random_token();
std::string sha256_hex(const std::string& data);
//! HMAC-SHA-256 of `data` under `key`, as 64 hex characters.
std::string hmac_sha256_hex(const std::string& key, const std::string& data);
std::string base64_encode(const std::string& data);
Result<std::string> base64_decode(const std::string& text);

}  // namespace kaowu::crypto
