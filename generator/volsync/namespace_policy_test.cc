#include "volsync/namespace_policy.h"

#include <gtest/gtest.h>

#include "volsync/plan.h"
#include "volsync/settings.h"

namespace vg {
namespace {

TEST(NamespacePolicy, Verdicts) {
  struct Case {
    const char* name;
    std::vector<std::string> include, exclude;
    const char* ns;
    bool allowed;
    const char* field;
    const char* pattern;
  };
  const Case cases[] = {
      {"no policy", {}, {}, "anything", true, "", ""},
      {"include exact", {"media", "apps-*"}, {}, "media", true, "spec.namespaces.include[0]", "media"},
      {"include glob", {"media", "apps-*"}, {}, "apps-web", true, "spec.namespaces.include[1]", "apps-*"},
      {"include misses", {"media", "apps-*"}, {}, "kube-system", false, "spec.namespaces.include", ""},
      {"exclude only", {}, {"kube-*", "flux-system"}, "flux-system", false, "spec.namespaces.exclude[1]", "flux-system"},
      {"exclude only lets others in", {}, {"kube-*"}, "media", true, "", ""},
      {"exclude beats include", {"*"}, {"kube-*"}, "kube-public", false, "spec.namespaces.exclude[0]", "kube-*"},
      {"first exclude entry decides", {}, {"team-?", "team-*"}, "team-a", false, "spec.namespaces.exclude[0]", "team-?"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    NamespacePolicy p;
    p.include = c.include;
    p.exclude = c.exclude;
    const NamespaceVerdict v = judge_namespace(p, c.ns);
    EXPECT_EQ(v.allowed, c.allowed);
    EXPECT_EQ(v.field, c.field);
    EXPECT_EQ(v.pattern, c.pattern);
  }
  NamespacePolicy cm;
  cm.configmap = true;
  cm.exclude = {"kube-*"};
  EXPECT_EQ(judge_namespace(cm, "kube-system").field, "data.namespacesExclude[0]");
}

TEST(NamespacePolicy, Text) {
  NamespacePolicy p;
  EXPECT_EQ(policy_text(p), "all namespaces");
  p.include = {"apps-*", "media"};
  EXPECT_EQ(policy_text(p), "include [apps-*, media]; action error");
  p.exclude = {"kube-*"};
  p.action = NamespacePolicy::Action::kWarn;
  EXPECT_EQ(policy_text(p), "include [apps-*, media]; exclude [kube-*]; action warn");
}

PvcFacts pvc_in(const char* ns) {
  PvcFacts p;
  p.name = "data";
  p.namespace_ = ns;
  p.origin.resource = {"v1", "PersistentVolumeClaim", "data", ns};
  p.origin.file = "pvc.yaml";
  p.origin.line = 3;
  return p;
}

TEST(NamespacePolicy, FindingNamesPvcNamespaceAndPolicy) {
  Config c;
  c.origin.resource = {"volsync-gen.io/v1alpha1", "VolSyncBackup", "backups", ""};
  EXPECT_FALSE(namespace_policy_finding(pvc_in("kube-system"), c));  // no policy: every namespace
  c.namespaces.include = {"apps-*"};
  c.namespaces.exclude = {"kube-*"};
  EXPECT_FALSE(namespace_policy_finding(pvc_in("apps-web"), c));
  EXPECT_FALSE(namespace_policy_finding(pvc_in(""), c));  // planning reports the missing namespace

  auto f = namespace_policy_finding(pvc_in("kube-system"), c);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->severity, Severity::kError);
  EXPECT_EQ(f->rule, "namespace-policy");
  EXPECT_EQ(f->field, "metadata.namespace");
  EXPECT_EQ(f->resource.name, "data");
  EXPECT_EQ(f->file, "pvc.yaml");
  EXPECT_EQ(f->line, 3);
  EXPECT_EQ(f->message,
            "the PVC is selected for backup, but its namespace \"kube-system\" is excluded by "
            "spec.namespaces.exclude[0] (\"kube-*\") of the namespace policy in VolSyncBackup backups");

  auto miss = namespace_policy_finding(pvc_in("media"), c);
  ASSERT_TRUE(miss);
  EXPECT_NE(miss->message.find("matches no entry of spec.namespaces.include [apps-*]"), std::string::npos)
      << miss->message;

  c.namespaces.action = NamespacePolicy::Action::kWarn;
  auto warn = namespace_policy_finding(pvc_in("media"), c);
  ASSERT_TRUE(warn);
  EXPECT_EQ(warn->severity, Severity::kWarning);
  EXPECT_EQ(warn->rule, "namespace-policy-skipped");
  EXPECT_NE(warn->message.find("it gets no backup objects and is NOT backed up"), std::string::npos) << warn->message;
}

}  // namespace
}  // namespace vg
