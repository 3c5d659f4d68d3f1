#include "krm/names.h"

#include <gtest/gtest.h>

#include <functional>

namespace vg {
namespace {

struct Case {
  std::string value;
  const char* error_part;  // nullptr: valid
};

using Check = std::function<std::optional<std::string>(std::string_view)>;

void run(const char* what, const Check& check, const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    const auto err = check(c.value);
    if (c.error_part == nullptr) {
      EXPECT_EQ(err, std::nullopt) << what << " " << c.value;
    } else if (!err) {
      ADD_FAILURE() << what << " accepted " << c.value;
    } else {
      EXPECT_NE(err->find(c.error_part), std::string::npos) << c.value << " -> " << *err;
    }
  }
}

const std::string k63(63, 'a');
const char* kBadLabel = "must consist of lower case alphanumeric characters or '-', and must "
                        "start and end with an alphanumeric character";

TEST(Names, Dns1123Label) {
  run("label", dns1123_label_error, {
      {"a", nullptr}, {"0", nullptr}, {"my-pvc", nullptr}, {"123-abc", nullptr},
      {"a--b", nullptr}, {k63, nullptr},
      {k63 + "a", "must be no more than 63 characters"},
      {"", kBadLabel}, {"-a", kBadLabel}, {"a-", kBadLabel}, {"My-pvc", kBadLabel},
      {"a.b", kBadLabel}, {"a_b", kBadLabel}, {"a b", kBadLabel}, {"ä", kBadLabel},
      {std::string("a\0b", 3), kBadLabel},
  });
}

TEST(Names, Dns1123Subdomain) {
  std::string long_ok;
  while (long_ok.size() < 253) long_ok += long_ok.size() + 2 <= 253 ? "a." : "a";
  run("subdomain", dns1123_subdomain_error, {
      {"a", nullptr}, {"example.com", nullptr}, {"volsync.backube", nullptr},
      {"a-b.c-d.e", nullptr}, {std::string(100, 'a') + "." + std::string(100, 'b'), nullptr},
      {long_ok, nullptr},
      {long_ok + "a", "must be no more than 253 characters"},
      {"", "RFC 1123 subdomain"}, {".a", "RFC 1123 subdomain"}, {"a.", "RFC 1123 subdomain"},
      {"a..b", "RFC 1123 subdomain"}, {"a.-b", "RFC 1123 subdomain"},
      {"A.com", "RFC 1123 subdomain"}, {"a_b.com", "RFC 1123 subdomain"},
  });
}

const char* kBadValue = "must be an empty string or consist of alphanumeric characters";

TEST(Names, LabelValue) {
  run("label value", label_value_error, {
      {"", nullptr}, {"a", nullptr}, {"MyValue", nullptr}, {"my_value", nullptr},
      {"12345", nullptr}, {"a.b-c_D", nullptr}, {k63, nullptr},
      {k63 + "a", "must be no more than 63 characters"},
      {"-a", kBadValue}, {"a-", kBadValue}, {"_a", kBadValue}, {"a.", kBadValue},
      {"a/b", kBadValue}, {"a b", kBadValue}, {"a:b", kBadValue}, {"é", kBadValue},
  });
}

TEST(Names, QualifiedName) {
  run("qualified name", qualified_name_error, {
      {"app", nullptr}, {"MyName", nullptr}, {"my.name", nullptr}, {"123-abc", nullptr},
      {"volsync.backube/privileged-movers", nullptr},
      {"app.kubernetes.io/created-by", nullptr},
      {"config.kubernetes.io/path", nullptr}, {"example.com/" + k63, nullptr},
      {"", "name part must be non-empty"},
      {"example.com/", "name part must be non-empty"},
      {"/name", "prefix part must be non-empty"},
      {"Example.com/name", "prefix part a lowercase RFC 1123 subdomain"},
      {std::string(254, 'a') + "/name", "prefix part must be no more than 253 characters"},
      {"a/b/c", "a qualified name must consist of"},
      {k63 + "a", "name part must be no more than 63 characters"},
      {"-app", "name part must consist of"}, {"app_", "name part must consist of"},
      {"a b", "name part must consist of"},
  });
}

const char* kBadKey = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

// Secret data keys as the API server checks them (IsConfigMapKey): a source Secret's keys are
// copied into every generated Secret.
TEST(Names, ConfigKey) {
  run("config key", config_key_error, {
      {"RESTIC_PASSWORD", nullptr}, {"key.name", nullptr}, {"key-name", nullptr}, {"a", nullptr},
      {".hidden", nullptr}, {"a..b", nullptr}, {std::string(253, 'K'), nullptr},
      {std::string(254, 'K'), "must be no more than 253 characters"},
      {"bad key!", kBadKey}, {"", kBadKey}, {"a/b", kBadKey}, {"a:b", kBadKey}, {"é", kBadKey},
      {".", "must not be '.'"}, {"..", "must not be '..'"}, {"..a", "must not start with '..'"},
  });
}

// A value wrong in length and characters gets both messages: shortening alone would not fix it.
TEST(Names, LengthAndCharactersBothReported) {
  const std::string long_bad = std::string(64, 'A');
  for (const auto& err : {dns1123_label_error(long_bad), label_value_error(long_bad + "-"),
                          config_key_error(std::string(254, '!'))}) {
    ASSERT_TRUE(err.has_value());
    EXPECT_NE(err->find("must be no more than"), std::string::npos) << *err;
    EXPECT_NE(err->find("; a"), std::string::npos) << *err;
  }
  EXPECT_EQ(dns1123_label_error(k63 + "a"), "must be no more than 63 characters");
}

}  // namespace
}  // namespace vg
