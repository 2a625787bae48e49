#include "schedule/arrange.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>

#include "cli/commands.hpp"
#include "schedule/output.hpp"
#include "schedule/parse.hpp"
#include "schedule/validate.hpp"

namespace kaowu::cli {

namespace {

bool read_all(const std::string& path, std::string& out) {
  if (path.empty() || path == "-") {
    out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  // Read straight into the string, sized once: a stream buffer would hold the text twice.
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) return false;
  const std::streamoff size = file.tellg();
  if (size < 0) return false;
  out.resize(static_cast<std::size_t>(size));
  file.seekg(0);
  return static_cast<bool>(file.read(out.data(), size));
}

void print_errors(const Error& error) {
  const auto it = error.details.find("errors");
  if (it != error.details.end() && it->is_array() && !it->empty()) {
    for (const auto& line : *it) std::cerr << line.get<std::string>() << "\n";
  } else {
    std::cerr << error.message << "\n";
  }
}

}  // namespace

int arrange(const ArrangeOptions& options) {
  schedule::Timings timings;
  schedule::Stopwatch watch;
  std::string text;
  if (!read_all(options.input, text)) {
    std::cerr << "无法读取输入文件：" << options.input << "\n";
    return 2;
  }
  watch.lap(timings.read);
  auto instance = schedule::parse_instance_text(text);
  watch.lap(timings.parse);
  if (!instance) {
    print_errors(instance.error());
    return 2;
  }
  if (options.check) {
    std::string output_text;
    if (options.output.empty() || !read_all(options.output, output_text)) {
      std::cerr << "--check 需要用 --output 指定待检查的排考结果文件\n";
      return 2;
    }
    const auto doc = nlohmann::json::parse(output_text, nullptr, false);
    if (doc.is_discarded()) {
      std::cerr << "$: 排考结果不是合法的 JSON\n";
      return 2;
    }
    auto solution = schedule::solution_from_json(instance.value(), doc);
    if (!solution) {
      print_errors(solution.error());
      return 2;
    }
    const auto violations = schedule::validate(instance.value(), solution.value());
    for (const auto& v : violations) {
      std::cout << (v.rule ? "规则" + std::to_string(v.rule) : std::string("完整性")) << "："
                << v.message << "\n";
    }
    if (!violations.empty()) {
      std::cout << "共 " << violations.size() << " 处违规\n";
      return 1;
    }
    std::cout << "检查通过：" << solution->placements.size() << " 条安排，未发现违规\n";
    return 0;
  }
  auto solution = schedule::arrange(instance.value());
  if (!solution) {
    print_errors(solution.error());
    return 2;
  }
  // The stats say where the time went (parse, each stage, output).
  solution->stats.timings.timed = true;
  solution->stats.timings.read = timings.read;
  solution->stats.timings.parse = timings.parse;
  const std::string body = schedule::write_solution(instance.value(), solution.value());
  if (options.output.empty() || options.output == "-") {
    std::cout << body;
    return 0;
  }
  std::ofstream file(options.output, std::ios::binary | std::ios::trunc);
  if (!(file << body)) {
    std::cerr << "无法写入输出文件：" << options.output << "\n";
    return 2;
  }
  return 0;
}

}  // namespace kaowu::cli
