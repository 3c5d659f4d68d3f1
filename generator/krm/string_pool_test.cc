#include "krm/string_pool.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vg {
namespace {

TEST(StringPool, ViewsStayValidAsThePoolGrows) {
  StringPool pool;
  std::vector<std::string> want;
  std::vector<std::string_view> got;
  for (int i = 0; i < 20000; ++i) {  // several 64 KiB chunks
    want.push_back("volsync.backube/ReplicationSource/team-" + std::to_string(i % 200) + "/app-" + std::to_string(i));
    got.push_back(pool.intern(want.back()));
  }
  const std::string big(200 * 1024, 'x');  // larger than a chunk: a chunk of its own
  const std::string_view big_view = pool.intern(big);
  got.push_back(pool.intern("after the big one"));
  for (std::size_t i = 0; i < want.size(); ++i) ASSERT_EQ(got[i], want[i]) << i;
  EXPECT_EQ(big_view, big);
  EXPECT_EQ(got.back(), "after the big one");
  EXPECT_EQ(pool.intern(""), "");
}

}  // namespace
}  // namespace vg
