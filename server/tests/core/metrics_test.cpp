#include "core/metrics.hpp"

#include <gtest/gtest.h>

namespace kaowu::metrics {
namespace {

TEST(Metrics, RequestsByRouteAndStatusWithCumulativeLatencyBuckets) {
  Registry r;
  r.request("GET", "/api/v1/rooms/{id}", 200, 0.003);
  r.request("GET", "/api/v1/rooms/{id}", 200, 0.2);
  r.request("GET", "/api/v1/rooms/{id}", 404, 40);
  const std::string text = r.text();
  EXPECT_NE(text.find("kaowu_http_requests_total{method=\"GET\",route=\"/api/v1/rooms/{id}\","
                      "status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("status=\"404\"} 1\n"), std::string::npos);
  const std::string h =
      "kaowu_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/"
      "rooms/{id}\",";
  EXPECT_NE(text.find(h + "le=\"0.005\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find(h + "le=\"0.25\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find(h + "le=\"30\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find(h + "le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("kaowu_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/"
                      "rooms/{id}\"} 3\n"),
            std::string::npos);
}

TEST(Metrics, ClientChosenValuesCannotBreakOrMultiplyTheSeries) {
  Registry r;
  r.request("BREW", "static", 405, 0.001);
  r.request("PROPFIND", "static", 405, 0.001);
  r.sign_in_failure("bad\"reason\n");
  const std::string text = r.text();
  EXPECT_NE(
      text.find("kaowu_http_requests_total{method=\"OTHER\",route=\"static\",status=\"405\"} 2"),
      std::string::npos)
      << text;
  EXPECT_EQ(text.find("BREW"), std::string::npos);
  EXPECT_NE(text.find("kaowu_sign_in_failures_total{reason=\"bad\\\"reason\\n\"} 1"),
            std::string::npos)
      << text;
}

TEST(Metrics, JobWaitHistogramAndNumbers) {
  Registry r;
  r.job_waited("export", 0);
  r.job_waited("export", 90);
  const std::string text = r.text();
  EXPECT_NE(text.find("kaowu_job_queue_wait_seconds_bucket{type=\"export\",le=\"1\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("kaowu_job_queue_wait_seconds_bucket{type=\"export\",le=\"120\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("kaowu_job_queue_wait_seconds_sum{type=\"export\"} 90\n"), std::string::npos);
  EXPECT_EQ(number(0.25), "0.25");
  EXPECT_EQ(number(3), "3");
}

}  // namespace
}  // namespace kaowu::metrics
