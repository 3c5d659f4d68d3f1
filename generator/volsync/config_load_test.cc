#include "volsync/config_load.h"

#include <gtest/gtest.h>

#include <string>

namespace vg {
namespace {

struct Loaded {
  bool ok = false;
  Config c;
  Findings f;
  std::string all() const {
    std::string s;
    for (const auto& x : f) s += x.to_text() + "\n";
    return s;
  }
};

Loaded run(std::string_view text, int first_line = 1, const EnvVars& env = {}, const Limits& limits = {}) {
  Loaded l;
  ConfigText in{.text = text, .file = "fn-config.yaml", .first_line = first_line,
                .resource = {"", "", "", "apps"}};
  l.ok = load_config(in, limits, env, l.c, l.f);
  return l;
}

constexpr const char* kConfig =
    "apiVersion: volsync-gen.io/v1alpha1\n"
    "kind: VolSyncBackup\n"
    "metadata:\n  name: backups\n"
    "spec:\n"
    "  repository: s3:s3.example.com/bucket\n"
    "  credentials: {secretName: restic}\n"
    "  schedule: weekly\n";

TEST(LoadConfig, ReadsTheConfigAndNamesItInFindings) {
  auto l = run(kConfig);
  ASSERT_TRUE(l.ok) << l.all();
  EXPECT_EQ(l.c.repository, "s3:s3.example.com/bucket");
  EXPECT_EQ(l.c.defaults.schedule, "weekly");
  EXPECT_EQ(l.c.origin.file, "fn-config.yaml");
  EXPECT_EQ(l.c.origin.resource.kind, "VolSyncBackup");
  EXPECT_EQ(l.c.origin.resource.api_version, "volsync-gen.io/v1alpha1");
  EXPECT_EQ(l.c.origin.resource.name, "backups");
  EXPECT_EQ(l.c.origin.resource.namespace_, "apps") << "the namespace the scan knew is kept";

  auto bad = run(std::string(kConfig) + "  scheduel: daily\n", 7);
  EXPECT_FALSE(bad.ok);
  ASSERT_FALSE(bad.f.empty());
  EXPECT_EQ(bad.f[0].rule, "config");
  EXPECT_EQ(bad.f[0].resource.name, "backups");
  EXPECT_EQ(bad.f[0].resource.kind, "VolSyncBackup");
  EXPECT_EQ(bad.f[0].file, "fn-config.yaml");
}

TEST(LoadConfig, NoConfig) {
  for (const char* text : {"", "~\n", "# only a comment\n"}) {
    SCOPED_TRACE(text);
    auto l = run(text);
    EXPECT_FALSE(l.ok);
    ASSERT_EQ(l.f.size(), 1u) << l.all();
    EXPECT_EQ(l.f[0].rule, "config");
    EXPECT_EQ(l.f[0].severity, Severity::kError);
    EXPECT_NE(l.f[0].message.find("no functionConfig"), std::string::npos) << l.f[0].message;
    EXPECT_FALSE(l.f[0].hint.empty());
  }
}

TEST(LoadConfig, YamlErrorsAreLocatedInTheFile) {
  struct Case {
    const char* name;
    std::string text;
    int first_line;
    const char* rule;
    const char* message;  // prefix
    int line;
  };
  const Case cases[] = {
      {"malformed", "apiVersion: v1\nkind: [ConfigMap\n", 1, "yaml-parse", "malformed functionConfig: ", 3},
      {"malformed, offset", "apiVersion: v1\nkind: [ConfigMap\n", 11, "yaml-parse", "malformed functionConfig: ", 13},
      {"malformed, lines unknown", "apiVersion: v1\nkind: [ConfigMap\n", 0, "yaml-parse", "malformed functionConfig: ",
       0},
      {"duplicate key", std::string(kConfig) + "  schedule: daily\n", 1, "yaml-duplicate-key", "", 9},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto l = run(c.text, c.first_line);
    EXPECT_FALSE(l.ok);
    ASSERT_EQ(l.f.size(), 1u) << l.all();
    EXPECT_EQ(l.f[0].rule, c.rule);
    EXPECT_EQ(l.f[0].message.rfind(c.message, 0), 0u) << l.f[0].message;
    EXPECT_EQ(l.f[0].file, "fn-config.yaml");
    EXPECT_EQ(l.f[0].line, c.line);
    EXPECT_EQ(l.f[0].resource.namespace_, "apps");
  }
}

TEST(LoadConfig, LimitsApplyToTheConfig) {
  Limits tight;
  tight.max_depth = 3;
  auto l = run(std::string(kConfig) + "  moverSecurityContext: {seccompProfile: {type: {a: {b: c}}}}\n", 1, {}, tight);
  EXPECT_FALSE(l.ok);
  ASSERT_EQ(l.f.size(), 1u) << l.all();
  EXPECT_EQ(l.f[0].rule, "limit-depth");
}

TEST(LoadConfig, EnvironmentOverridesApplyAndAreChecked) {
  auto l = run(kConfig, 1, {{"PARAM_SCHEDULE", "hourly"}});
  ASSERT_TRUE(l.ok) << l.all();
  EXPECT_EQ(l.c.defaults.schedule, "hourly") << "the environment wins over the file";

  auto bad = run(kConfig, 1, {{"PARAM_NO_SUCH_SETTING", "1"}});
  EXPECT_FALSE(bad.ok) << "an unknown override is an error even when the file is fine";
  EXPECT_TRUE(has_errors(bad.f)) << bad.all();
}

// Every override finding names the functionConfig it changes, the field it sets there, and the
// variable it came from (issue 12, point 10).
TEST(LoadConfig, OverrideFindingsKeepTheirFieldAndOrigin) {
  const std::string config_map =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {secretName: restic, repository: s3:h/b}\n";
  const struct {
    std::string config;
    EnvVars env;
    const char* kind;
    const char* field;
    const char* origin;
  } cases[] = {
      // A value the setting refuses (settings.cc).
      {kConfig, {{"ARGOCD_ENV_VOLSYNC_SCHEDULE", "bad cron"}}, "VolSyncBackup", "spec.schedule",
       "environment ARGOCD_ENV_VOLSYNC_SCHEDULE"},
      {config_map, {{"ARGOCD_ENV_VOLSYNC_SCHEDULE", "bad cron"}}, "ConfigMap", "data.schedule",
       "environment ARGOCD_ENV_VOLSYNC_SCHEDULE"},
      // One setting set twice (env_overrides.cc).
      {kConfig, {{"ARGOCD_ENV_VOLSYNC_SCHEDULE", "hourly"}, {"ARGOCD_ENV_VOLSYNC__SCHEDULE", "daily"}},
       "VolSyncBackup", "spec.schedule", "environment ARGOCD_ENV_VOLSYNC__SCHEDULE"},
      // An unknown setting: no field to name, the variable still is the origin.
      {kConfig, {{"PARAM_NO_SUCH_SETTING", "1"}}, "VolSyncBackup", "", "environment PARAM_NO_SUCH_SETTING"},
  };
  for (const auto& c : cases) {
    auto l = run(c.config, 1, c.env);
    SCOPED_TRACE(c.config + "\n" + l.all());
    ASSERT_EQ(l.f.size(), 1u);
    EXPECT_EQ(l.f[0].resource.kind, c.kind);
    EXPECT_EQ(l.f[0].field, c.field);
    EXPECT_EQ(l.f[0].file, c.origin);
    EXPECT_EQ(l.f[0].line, 0);
  }
}

}  // namespace
}  // namespace vg
