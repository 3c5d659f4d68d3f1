#include "volsync/namespace_glob.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

struct Case {
  const char* pattern;
  const char* name;
  bool match;
};

TEST(NamespaceGlob, Table) {
  const Case cases[] = {
      {"media", "media", true},
      {"media", "medias", false},
      {"media", "medi", false},
      {"*", "anything", true},
      {"*", "", true},
      {"team-*", "team-a", true},
      {"team-*", "team-", true},
      {"team-*", "team", false},
      {"team-*", "x-team-a", false},
      {"*-prod", "shop-prod", true},
      {"*-prod", "shop-prod-2", false},
      {"a*b*c", "aXXbYYc", true},
      {"a*b*c", "abcbc", true},
      {"a*b*c", "acb", false},
      {"app-?", "app-1", true},
      {"app-?", "app-12", false},
      {"app-?", "app-", false},
      {"?*", "", false},
      {"**", "x", true},
      {"", "", true},
      {"", "a", false},
  };
  for (const Case& c : cases)
    EXPECT_EQ(namespace_glob_match(c.pattern, c.name), c.match) << c.pattern << " ~ " << c.name;
}

TEST(NamespaceGlob, IsGlob) {
  EXPECT_FALSE(namespace_is_glob("media"));
  EXPECT_TRUE(namespace_is_glob("team-*"));
  EXPECT_TRUE(namespace_is_glob("app-?"));
}

}  // namespace
}  // namespace vg
