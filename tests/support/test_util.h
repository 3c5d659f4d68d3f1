// Small helpers every test file needs: one copy, so that a fix to one reaches all.
#pragma once
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "yaml/doc.h"

namespace vg::test {

// The whole file, bytes as they are ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// YAML read by the one Doc reader; a parse failure fails the calling test.
inline Doc load(std::string_view text) {
  Doc d;
  DocParseError e;
  EXPECT_TRUE(parse_doc(text, d, e)) << e.line << ": " << e.message;
  return d;
}

}  // namespace vg::test
