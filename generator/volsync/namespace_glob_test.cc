#include "volsync/namespace_glob.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

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

TEST(NamespaceGlob, PolicyEntries) {
  const Case cases[] = {
      {"media", "media", true},
      {"media", "media2", false},
      {"media", "medi", false},
      {"*", "anything", true},
      {"*", "", true},
      {"apps-*", "apps-", true},
      {"apps-*", "apps-web", true},
      {"apps-*", "app-web", false},
      {"apps-*", "xapps-web", false},  // a glob covers the whole name, not a part of it
      {"*-prod", "shop-prod", true},
      {"*-prod", "shop-prod-2", false},
      {"*-db-*", "team-db-main", true},
      {"*-db-*", "team-db", false},
      {"a*b*c", "abc", true},
      {"a*b*c", "axxbyyc", true},
      {"a*b*c", "axxbyy", false},
      {"team-?", "team-a", true},
      {"team-?", "team-", false},
      {"team-?", "team-ab", false},
      {"??", "ab", true},
      {"??", "a", false},
      {"*?", "", false},
      {"**", "x", true},
      {"*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},  // no exponential backtracking
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.pattern) + " ~ " + c.name);
    EXPECT_EQ(namespace_glob_match(c.pattern, c.name), c.match);
  }
}

TEST(NamespacePattern, Errors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "names no namespace"},
      {"Media", "only a-z, 0-9"},
      {"apps/*", "only a-z, 0-9"},
      {"team-[ab]", "only a-z, 0-9"},
      {"-apps", "starts and ends"},
      {"apps-", "starts and ends"},
      {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "longer than"},
  };
  for (const auto& [pattern, message] : cases) {
    SCOPED_TRACE(pattern);
    auto e = namespace_pattern_error(pattern);
    ASSERT_TRUE(e);
    EXPECT_NE(e->find(message), std::string::npos) << *e;
  }
  for (const char* ok : {"media", "apps-*", "*", "team-?", "*-prod", "a"}) EXPECT_FALSE(namespace_pattern_error(ok)) << ok;
}

}  // namespace
}  // namespace vg
