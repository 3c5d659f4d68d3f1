#include "krm/suggest.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

TEST(Suggest, EditDistance) {
  struct Case { const char* a; const char* b; std::size_t d; } cases[] = {
      {"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"schedule", "schedule", 0}, {"schedul", "schedule", 1},
      {"shcedule", "schedule", 2}, {"Schedule", "schedule", 0}, {"retian", "retain", 2}, {"kitten", "sitting", 3},
  };
  for (const auto& c : cases) EXPECT_EQ(edit_distance(c.a, c.b), c.d) << c.a << " / " << c.b;
}

TEST(Suggest, ClosestWithinTheLimitFirstOfEquals) {
  std::vector<std::string> keys{"schedule", "retain", "cacheCapacity", "cacheStorageClassName"};
  EXPECT_EQ(closest("schedul", keys), "schedule");
  EXPECT_EQ(closest("cacheCapacty", keys), "cacheCapacity");
  EXPECT_EQ(closest("zzzzzzzz", keys), "");
  EXPECT_EQ(closest("rtn", keys, 3), "retain");
  EXPECT_EQ(closest("rtn", keys, 2), "");
  EXPECT_EQ(closest("ab", {"aa", "bb"}), "aa");
}

}  // namespace
}  // namespace vg
