#include "cli/inventory_policy.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

NamespacePolicy sandbox_policy() {
  NamespacePolicy p;
  p.include = {"apps-*", "media"};
  p.exclude = {"sandbox-*"};
  p.action = NamespacePolicy::Action::kWarn;
  return p;
}

TEST(InventoryPolicy, RefusedComeFromTheSkipFindings) {
  Findings f;
  f.push_back(Finding{.severity = Severity::kWarning, .rule = "namespace-policy-skipped",
                      .resource = {"v1", "PersistentVolumeClaim", "scratch", "sandbox-bob"}});
  f.push_back(Finding{.severity = Severity::kWarning, .rule = "cache-small",
                      .resource = {"v1", "PersistentVolumeClaim", "web", "apps-web"}});
  f.push_back(Finding{.severity = Severity::kWarning, .rule = "namespace-policy-skipped",
                      .resource = {"v1", "PersistentVolumeClaim", "data", "tools"}});
  const auto refused = refused_by_policy(f, sandbox_policy());
  ASSERT_EQ(refused.size(), 2u);
  EXPECT_EQ(refused[0].ns, "sandbox-bob");
  EXPECT_EQ(refused[0].pvc, "scratch");
  EXPECT_EQ(refused[0].by, "spec.namespaces.exclude[0] (sandbox-*)");
  EXPECT_EQ(refused[1].by, "spec.namespaces.include");
}

TEST(InventoryPolicy, VerdictColumn) {
  EXPECT_EQ(policy_verdict_text(NamespacePolicy{}, "anything"), "all namespaces");
  EXPECT_EQ(policy_verdict_text(sandbox_policy(), "apps-web"), "allowed by spec.namespaces.include[0] (apps-*)");
  EXPECT_EQ(policy_verdict_text(sandbox_policy(), "sandbox-x"), "refused by spec.namespaces.exclude[0] (sandbox-*)");
  NamespacePolicy exclude_only;
  exclude_only.exclude = {"kube-*"};
  EXPECT_EQ(policy_verdict_text(exclude_only, "media"), "allowed (no exclude entry matches)");
}

TEST(InventoryPolicy, MarkdownAndJson) {
  EXPECT_EQ(policy_markdown(NamespacePolicy{}, {}), "Namespace policy: all namespaces\n");
  const std::vector<RefusedPvc> refused = {{"sandbox-bob", "scratch", "spec.namespaces.exclude[0] (sandbox-*)"}};
  EXPECT_EQ(policy_markdown(sandbox_policy(), refused),
            "Namespace policy: include [apps-*, media]; exclude [sandbox-*]; action warn\n"
            "\nRefused by the namespace policy (selected, but NOT backed up: no backup objects):\n\n"
            "| namespace | PVC | refused by |\n|---|---|---|\n"
            "| sandbox-bob | scratch | `spec.namespaces.exclude[0] (sandbox-*)` |\n");
  EXPECT_EQ(policy_json(NamespacePolicy{}, {}),
            "\"namespacePolicy\": {\"include\": [], \"exclude\": [], \"action\": \"error\", \"refused\": []}");
  EXPECT_EQ(policy_json(sandbox_policy(), refused),
            "\"namespacePolicy\": {\"include\": [\"apps-*\", \"media\"], \"exclude\": [\"sandbox-*\"], "
            "\"action\": \"warn\", \"refused\": [{\"namespace\": \"sandbox-bob\", \"pvc\": \"scratch\", "
            "\"refusedBy\": \"spec.namespaces.exclude[0] (sandbox-*)\"}]}");
}

}  // namespace
}  // namespace vg
