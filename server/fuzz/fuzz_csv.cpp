// libFuzzer target for the .csv reader: encoding detection (UTF-8 with or without BOM, GB18030),
// quoting, embedded newlines, limits.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = kaowu::fuzz::scratch_path("input.csv");
  kaowu::fuzz::write_scratch(path, data, size);
  kaowu::fuzz::read_everything(path, kaowu::fuzz::small_limits());
  kaowu::fuzz::read_as_import(path);
  return 0;
}
