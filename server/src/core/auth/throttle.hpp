#pragma once

#include <cstdint>
#include <string>

namespace kaowu::throttle {

//! Failed sign-ins in a row to one user name from one address before any wait.
constexpr int kFreeFailures = 4;
//! The longest wait one user name and address can earn.
constexpr std::int64_t kMaxDelaySeconds = 15 * 60;
//! Failures older than this are forgotten.
constexpr std::int64_t kFailureMemorySeconds = 24 * 60 * 60;
//! An address an account signed in from within this long is its owner's.
constexpr std::int64_t kKnownAddressSeconds = 90 * 24 * 60 * 60;

//! The wait after `failures` failed sign-ins in a row to one user name from one address: none for
//! the first kFreeFailures, then 30 s, doubling with each further failure, at most 15 minutes.
//! A wait, unlike a lock, binds only the name at that address: its owner elsewhere signs in.
std::int64_t delay_seconds(int failures);

//! The user name as failures are kept: at most 64 code points, so that a long name costs no
//! more storage than a real one.
std::string failure_key(const std::string& username);

}  // namespace kaowu::throttle
