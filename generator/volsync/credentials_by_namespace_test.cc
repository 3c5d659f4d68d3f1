#include "volsync/credentials_by_namespace.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

struct Case {
  const char* ns;
  const char* fallback;
  const char* want;   // nullptr: an error
  const char* error;  // part of the error
};

TEST(CredentialsByNamespace, ExactBeatsGlobAndFallbackLast) {
  const std::vector<std::pair<std::string, std::string>> map = {
      {"team-*", "team-creds"}, {"team-special", "special-creds"}, {"*-prod", "prod-creds"}, {"media", "media-creds"}};
  const Case cases[] = {
      {"media", "", "media-creds", ""},
      {"team-a", "", "team-creds", ""},
      {"team-special", "", "special-creds", ""},  // exact beats the glob listed before it
      {"shop-prod", "", "prod-creds", ""},
      {"other", "shared", "shared", ""},
      {"other", "", nullptr, "no credentials for namespace other"},
      {"team-prod", "shared", nullptr, "matches two globs, \"team-*\" and \"*-prod\""},
  };
  for (const Case& c : cases) {
    std::string error;
    auto got = pick_by_namespace(map, c.fallback, c.ns, error);
    if (c.want) {
      ASSERT_TRUE(got) << c.ns << ": " << error;
      EXPECT_EQ(*got, c.want) << c.ns;
    } else {
      EXPECT_FALSE(got) << c.ns << " -> " << *got;
      EXPECT_NE(error.find(c.error), std::string::npos) << error;
    }
  }
}

TEST(CredentialsByNamespace, ExactEntryAfterTwoGlobsStillWins) {
  std::string error;
  auto got = pick_by_namespace({{"a-*", "x"}, {"*-b", "y"}, {"a-b", "z"}}, "", "a-b", error);
  ASSERT_TRUE(got) << error;
  EXPECT_EQ(*got, "z");
}

TEST(CredentialsByNamespace, ModePicksItsMap) {
  Credentials c;
  c.secret_name = "fallback";
  c.secret_by_namespace = {{"media", "media-creds"}};
  c.remote_key = "backups/shared";
  c.remote_key_by_namespace = {{"med*", "backups/media"}};
  std::string error;
  EXPECT_EQ(credentials_for_namespace(c, "media", error), "media-creds");
  c.mode = Credentials::Mode::kExternalSecret;
  EXPECT_EQ(credentials_for_namespace(c, "media", error), "backups/media");
  EXPECT_EQ(credentials_for_namespace(c, "home", error), "backups/shared");
}

}  // namespace
}  // namespace vg
