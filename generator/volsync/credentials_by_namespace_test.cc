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

// Findings about a byNamespace map name its field and the line of the map in the config's file.
TEST(CredentialsByNamespace, FieldAndLine) {
  Config c;
  c.origin.line = 10;
  c.credentials.secret_by_namespace = {{"media", "m"}};
  c.credentials.secret_by_namespace_mark = 5;
  Repository inherited;
  inherited.credentials = c.credentials;
  Repository own = inherited;
  own.credentials.secret_by_namespace = {{"home", "h"}};
  own.credentials.secret_by_namespace_mark = 20;
  Repository eso = inherited;
  eso.credentials.mode = Credentials::Mode::kExternalSecret;
  eso.credentials.remote_key_by_namespace = {{"home", "k"}};
  eso.credentials.remote_key_by_namespace_mark = 30;
  c.repositories = {inherited, own, eso};
  EXPECT_EQ(by_namespace_field(c, 0), "spec.credentials.byNamespace");
  EXPECT_EQ(by_namespace_origin(c, 0).line, 15);
  EXPECT_EQ(by_namespace_field(c, 1), "spec.repositories[1].credentials.byNamespace");
  EXPECT_EQ(by_namespace_origin(c, 1).line, 30);
  EXPECT_EQ(by_namespace_field(c, 2), "spec.repositories[2].credentials.externalSecret.byNamespace");
  EXPECT_EQ(by_namespace_origin(c, 2).line, 40);
  c.origin.line = 0;  // where the config starts is unknown: no line is made up
  EXPECT_EQ(by_namespace_origin(c, 1).line, 0);
}

}  // namespace
}  // namespace vg
