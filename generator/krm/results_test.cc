#include "krm/results.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace vg {
namespace {

TEST(EmitResults, FindingsBecomeKrmResults) {
  Findings fs;
  Finding a{.rule = "schema",
            .message = "value: yes is not allowed",
            .resource = {"volsync.backube/v1alpha1", "ReplicationSource", "app-backup", "prod"},
            .field = "spec.restic.retain.hourly",
            .file = "pvc.yaml",
            .line = 12,
            .hint = "use \"true\""};
  fs.push_back(a);
  Finding b{.severity = Severity::kWarning,
            .rule = "cache-small",
            .message = "plain"};
  fs.push_back(b);
  std::string out;
  emit_results(out, fs);
  YAML::Node r = YAML::Load(out)["results"];
  ASSERT_TRUE(r.IsSequence()) << out;
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["message"].Scalar(), "value: yes is not allowed (hint: use \"true\")");
  EXPECT_EQ(r[0]["severity"].Scalar(), "error");
  EXPECT_EQ(r[0]["resourceRef"]["apiVersion"].Scalar(), "volsync.backube/v1alpha1");
  EXPECT_EQ(r[0]["resourceRef"]["kind"].Scalar(), "ReplicationSource");
  EXPECT_EQ(r[0]["resourceRef"]["name"].Scalar(), "app-backup");
  EXPECT_EQ(r[0]["resourceRef"]["namespace"].Scalar(), "prod");
  EXPECT_EQ(r[0]["field"]["path"].Scalar(), "spec.restic.retain.hourly");
  EXPECT_EQ(r[0]["file"]["path"].Scalar(), "pvc.yaml");
  EXPECT_EQ(r[0]["tags"]["rule"].Scalar(), "schema");
  EXPECT_EQ(r[0]["tags"]["line"].Scalar(), "12");
  EXPECT_EQ(r[0]["tags"]["line"].Tag(), "!") << "KRM tags are strings";
  EXPECT_EQ(r[1]["severity"].Scalar(), "warning");
  EXPECT_FALSE(r[1]["resourceRef"]);
  EXPECT_FALSE(r[1]["file"]);
  EXPECT_FALSE(r[1]["tags"]["line"]);

  // A finding about no object (an environment override, a template) keeps its field path and origin.
  std::string env;
  emit_results(env, {Finding{.rule = "config", .message = "bad", .field = "spec.schedule",
                             .file = "environment ARGOCD_ENV_VOLSYNC_SCHEDULE"}});
  YAML::Node e = YAML::Load(env)["results"][0];
  EXPECT_FALSE(e["resourceRef"]);
  EXPECT_EQ(e["field"]["path"].Scalar(), "spec.schedule") << env;
  EXPECT_EQ(e["file"]["path"].Scalar(), "environment ARGOCD_ENV_VOLSYNC_SCHEDULE");

  std::string none;
  emit_results(none, {});
  EXPECT_EQ(none, "");
}

}  // namespace
}  // namespace vg
