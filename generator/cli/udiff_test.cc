#include "cli/udiff.h"
#include "support/test_util.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace vg {
namespace {

using vg::test::slurp;

namespace fs = std::filesystem;

// The diff is a real patch: GNU patch applied to the old text gives the new one.
std::string apply_with_patch(const std::string& old_text, const std::string& diff) {
  fs::path dir = fs::temp_directory_path() / ("vg-udiff-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "f", std::ios::binary) << old_text;
  std::ofstream(dir / "d.patch", std::ios::binary) << diff;
  std::string cmd = "cd '" + dir.string() + "' && patch -s f < d.patch >/dev/null 2>&1";
  int rc = std::system(cmd.c_str());
  std::string out = rc == 0 ? slurp(dir / "f") : "<patch failed>";
  fs::remove_all(dir);
  return out;
}

TEST(Udiff, EqualTextsHaveNoDiff) { EXPECT_EQ(unified_diff("a\nb\n", "a\nb\n", "x", "y"), ""); }

TEST(Udiff, HeaderAndHunk) {
  EXPECT_EQ(unified_diff("a\nb\nc\n", "a\nB\nc\n", "old/f", "new/f"),
            "--- old/f\n+++ new/f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
}

TEST(Udiff, PatchAppliesTheDiff) {
  struct Case { std::string a, b; } cases[] = {
      {"", "one\n"},
      {"one\n", ""},
      {"a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n", "a\nB\nc\nd\ne\nf\ng\nh\ni\nJ\nk\nl\n"},
      {"no newline", "no newline\n"},
      {"x\ny\n", "x\ny"},
      {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n", "1\n2\n3\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n"},
  };
  for (const auto& c : cases) {
    const std::string d = unified_diff(c.a, c.b, "f", "f");
    ASSERT_FALSE(d.empty());
    EXPECT_EQ(apply_with_patch(c.a, d), c.b) << d;
  }
}

}  // namespace
}  // namespace vg
