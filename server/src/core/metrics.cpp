#include "core/metrics.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

namespace kaowu::metrics {

namespace {

// Seconds: a request is answered in milliseconds, an export or an import may take a minute.
const std::vector<double> kLatencyBounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                            0.5,   1,    2.5,   5,    10,  30};
// Seconds a job waits for a worker: none on a quiet day, minutes on the night tickets are printed.
const std::vector<double> kWaitBounds = {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600};

// Methods outside this list are counted as OTHER: a client must not add label values at will.
const std::string& method_label(const std::string& method) {
  static const std::set<std::string> known = {"GET",   "HEAD",   "POST",   "PUT",
                                              "PATCH", "DELETE", "OPTIONS"};
  static const std::string other = "OTHER";
  auto it = known.find(method);
  return it == known.end() ? other : *it;
}

void write_histogram(std::string& out, const std::string& name, const std::string& labels,
                     const Histogram& h) {
  const std::string sep = labels.empty() ? "" : ",";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < h.bounds->size(); ++i) {
    cumulative += i < h.counts.size() ? h.counts[i] : 0;
    out += fmt::format("{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep, number((*h.bounds)[i]),
                       cumulative);
  }
  out += fmt::format("{}_bucket{{{}{}le=\"+Inf\"}} {}\n", name, labels, sep, h.count);
  out += fmt::format("{}_sum{{{}}} {}\n", name, labels, number(h.sum));
  out += fmt::format("{}_count{{{}}} {}\n", name, labels, h.count);
}

}  // namespace

void Histogram::observe(double value) {
  if (counts.empty()) counts.assign(bounds->size(), 0);
  for (std::size_t i = 0; i < bounds->size(); ++i) {
    if (value <= (*bounds)[i]) {
      ++counts[i];
      break;
    }
  }
  sum += value;
  ++count;
}

std::string label(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<long long>(value));
  }
  return fmt::format("{}", value);
}

void Registry::request(const std::string& method, const std::string& route, int status,
                       double seconds) {
  const std::string labels =
      fmt::format("method=\"{}\",route=\"{}\"", method_label(method), label(route));
  std::lock_guard lock(mutex_);
  ++requests_[labels][status];
  latency_.try_emplace(labels, &kLatencyBounds).first->second.observe(seconds);
}

void Registry::sign_in_failure(const std::string& reason) {
  std::lock_guard lock(mutex_);
  ++sign_in_failures_[reason];
}

void Registry::job_waited(const std::string& type, double seconds) {
  std::lock_guard lock(mutex_);
  job_wait_.try_emplace(type, &kWaitBounds).first->second.observe(seconds);
}

std::string Registry::text() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out +=
      "# HELP kaowu_http_requests_total Requests answered, by method, route pattern and status.\n"
      "# TYPE kaowu_http_requests_total counter\n";
  for (const auto& [labels, by_status] : requests_) {
    for (const auto& [status, n] : by_status) {
      out += fmt::format("kaowu_http_requests_total{{{},status=\"{}\"}} {}\n", labels, status, n);
    }
  }
  out +=
      "# HELP kaowu_http_request_duration_seconds Time from the request's headers to the last byte "
      "of the answer, by method and route pattern.\n"
      "# TYPE kaowu_http_request_duration_seconds histogram\n";
  for (const auto& [labels, h] : latency_) {
    write_histogram(out, "kaowu_http_request_duration_seconds", labels, h);
  }
  out +=
      "# HELP kaowu_sign_in_failures_total Sign-ins refused, by reason (the error code answered).\n"
      "# TYPE kaowu_sign_in_failures_total counter\n";
  for (const auto& [reason, n] : sign_in_failures_) {
    out += fmt::format("kaowu_sign_in_failures_total{{reason=\"{}\"}} {}\n", label(reason), n);
  }
  out +=
      "# HELP kaowu_job_queue_wait_seconds Time jobs claimed by this instance spent queued, by "
      "type.\n"
      "# TYPE kaowu_job_queue_wait_seconds histogram\n";
  for (const auto& [type, h] : job_wait_) {
    write_histogram(out, "kaowu_job_queue_wait_seconds", fmt::format("type=\"{}\"", label(type)),
                    h);
  }
  return out;
}

Registry& registry() {
  static Registry instance;
  return instance;
}

}  // namespace kaowu::metrics
