#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

// What this instance counted since it started, for GET /metrics (Prometheus text format 0.0.4):
// requests by route pattern and status with their latency, sign-in failures, how long jobs waited
// in the queue. Gauges read at scrape time (jobs by state, the database pool) are written beside
// these by the caller.
namespace kaowu::metrics {

//! A Prometheus histogram: counts per upper bound (cumulative when written), sum and count.
struct Histogram {
  explicit Histogram(const std::vector<double>* bounds = nullptr) : bounds(bounds) {}
  void observe(double value);
  const std::vector<double>* bounds;
  std::vector<std::uint64_t> counts;  //!< per bound, not cumulative; sized on first observe
  double sum = 0;
  std::uint64_t count = 0;
};

class Registry {
 public:
  //! One answered request: its method, the route pattern that took it ("static" for the web UI's
  //! files, "unmatched" for an unknown /api path, "malformed" for bytes that were not HTTP).
  void request(const std::string& method, const std::string& route, int status, double seconds);
  //! A refused sign-in, by the error code it got (invalid_credentials, too_many_requests, ...).
  void sign_in_failure(const std::string& reason);
  //! A job this instance claimed after `seconds` in the queue.
  void job_waited(const std::string& type, double seconds);

  //! The counters and histograms above in the text format, each family with HELP and TYPE.
  std::string text() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::map<int, std::uint64_t>> requests_;  //!< labels -> status -> count
  std::map<std::string, Histogram> latency_;                      //!< labels -> histogram
  std::map<std::string, std::uint64_t> sign_in_failures_;         //!< reason -> count
  std::map<std::string, Histogram> job_wait_;                     //!< job type -> histogram
};

//! The registry of this process.
Registry& registry();

//! A label value escaped for the text format (backslash, double quote, line feed).
std::string label(const std::string& value);
//! A number as the text format writes it (+Inf, integers without a fraction).
std::string number(double value);

}  // namespace kaowu::metrics
