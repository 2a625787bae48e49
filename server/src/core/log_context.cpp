#include "core/log_context.hpp"

namespace kaowu::log_context {

namespace {

thread_local std::string t_context;

class ContextFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    if (t_context.empty()) return;
    dest.push_back('[');
    dest.append(t_context.data(), t_context.data() + t_context.size());
    dest.push_back(']');
    dest.push_back(' ');
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<ContextFlag>();
  }
};

}  // namespace

Scope::Scope(std::string context) : previous_(std::move(t_context)) {
  t_context = std::move(context);
}

Scope::~Scope() {
  t_context = std::move(previous_);
}

const std::string& current() {
  return t_context;
}

std::unique_ptr<spdlog::formatter> formatter(const std::string& pattern) {
  auto f = std::make_unique<spdlog::pattern_formatter>();
  f->add_flag<ContextFlag>('*').set_pattern(pattern);
  return f;
}

}  // namespace kaowu::log_context
