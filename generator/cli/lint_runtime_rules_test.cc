// lint's runtime rules: each positive and negative, with its location and its hint.
#include "cli/lint_runtime_rules.h"

#include <gtest/gtest.h>

#include "cli/lint.h"
#include "support/findings_util.h"

using namespace vg;

namespace {

LintResult lint(const std::string& yaml) {
  LintResult r;
  lint_sources({{"in.yaml", yaml}}, {}, r);
  return r;
}

const Finding* find(const LintResult& r, const std::string& rule) {
  for (const auto& f : r.findings)
    if (f.rule == rule) return &f;
  return nullptr;
}

const std::string kSecret =
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-restic\n  namespace: apps\nstringData:\n"
    "  RESTIC_REPOSITORY: s3:https://s3.example.com/b/app\n  RESTIC_PASSWORD: pw\n  AWS_ACCESS_KEY_ID: id\n"
    "  AWS_SECRET_ACCESS_KEY: key\n";  // 10 lines

std::string rd(const std::string& destination_pvc) {
  return "apiVersion: volsync.backube/v1alpha1\nkind: ReplicationDestination\nmetadata:\n  name: app-dst\n"
         "  namespace: apps\nspec:\n  trigger:\n    manual: once\n  restic:\n    repository: app-restic\n"
         "    copyMethod: Snapshot\n    destinationPVC: " + destination_pvc + "\n";  // 12 lines
}

const std::string kPopulatedPvc =
    "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: app-data\n  namespace: apps\nspec:\n"
    "  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n  dataSourceRef:\n"
    "    apiGroup: volsync.backube\n    kind: ReplicationDestination\n    name: app-dst\n";

std::string rs(const std::string& repo, const std::string& annotations = "") {
  return "apiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource\nmetadata:\n  name: app\n  namespace: apps\n" +
         annotations + "spec:\n  sourcePVC: data\n  trigger:\n    schedule: \"17 3 * * *\"\n  restic:\n    repository: " +
         repo + "\n    copyMethod: Snapshot\n    retain:\n      daily: 7\n";
}

}  // namespace

TEST(LintRuntimeRules, DestinationPvcThatWaitsForThePopulator) {
  auto r = lint(kSecret + "---\n" + rd("app-data") + "---\n" + kPopulatedPvc);
  const Finding* f = find(r, "destination-pvc-populated");
  ASSERT_NE(f, nullptr) << test::all(r.findings);
  EXPECT_EQ(f->severity, Severity::kError);
  EXPECT_EQ(f->field, "spec.restic.destinationPVC");
  EXPECT_EQ(f->line, 11 + 12);
  EXPECT_EQ(f->resource.kind, "ReplicationDestination");
  // Another PVC, or one in another namespace: fine.
  EXPECT_EQ(find(lint(kSecret + "---\n" + rd("other") + "---\n" + kPopulatedPvc), "destination-pvc-populated"), nullptr);
  std::string elsewhere = kPopulatedPvc;
  elsewhere.replace(elsewhere.find("namespace: apps"), 15, "namespace: else");
  EXPECT_EQ(find(lint(kSecret + "---\n" + rd("app-data") + "---\n" + elsewhere), "destination-pvc-populated"), nullptr);
}

TEST(LintRuntimeRules, NearNameOfAnExternalSecretTarget) {
  const std::string es =
      "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: app\n  namespace: apps\nspec:\n"
      "  target:\n    name: app-volsync-secret\n";
  auto r = lint(es + "---\n" + rs("app-volsync"));
  const Finding* f = find(r, "repository-secret-near-name");
  ASSERT_NE(f, nullptr) << test::all(r.findings);
  EXPECT_EQ(f->severity, Severity::kWarning);
  EXPECT_NE(f->hint.find("\"app-volsync-secret\""), std::string::npos) << f->hint;
  EXPECT_EQ(find(r, "repository-secret-not-found"), nullptr);
  // A typo is near too; an unrelated name is only not found.
  EXPECT_NE(find(lint(kSecret + "---\n" + rs("app-restik")), "repository-secret-near-name"), nullptr);
  auto far = lint(kSecret + "---\n" + rs("unrelated"));
  EXPECT_EQ(find(far, "repository-secret-near-name"), nullptr);
  EXPECT_NE(find(far, "repository-secret-not-found"), nullptr);
}

TEST(LintRuntimeRules, PrivilegedMoversOnTheObject) {
  auto r = lint(kSecret + "---\n" + rs("app-restic", "  annotations:\n    volsync.backube/privileged-movers: \"true\"\n"));
  const Finding* f = find(r, "privileged-movers-ignored");
  ASSERT_NE(f, nullptr) << test::all(r.findings);
  EXPECT_EQ(f->line, 11 + 7);
  EXPECT_EQ(f->field, "metadata.annotations[\"volsync.backube/privileged-movers\"]");
  EXPECT_EQ(find(lint(kSecret + "---\n" + rs("app-restic")), "privileged-movers-ignored"), nullptr);
}

TEST(LintRuntimeRules, S3RepositoryWithB2Keys) {
  std::string b2 = kSecret;
  b2.replace(b2.find("AWS_ACCESS_KEY_ID"), 17, "B2_ACCOUNT_ID");
  b2.replace(b2.find("AWS_SECRET_ACCESS_KEY"), 21, "B2_ACCOUNT_KEY");
  auto r = lint(b2 + "---\n" + rs("app-restic"));
  const Finding* f = find(r, "repository-backend-keys");
  ASSERT_NE(f, nullptr) << test::all(r.findings);
  EXPECT_EQ(f->severity, Severity::kError);
  EXPECT_NE(f->message.find("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), std::string::npos) << f->message;
  EXPECT_NE(f->message.find("B2_ACCOUNT_ID and B2_ACCOUNT_KEY"), std::string::npos) << f->message;
  EXPECT_EQ(f->hint, "add AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to the Secret (restic's s3 backend)");
  // A b2: repository with the same keys is fine; its hint would name B2 keys.
  std::string b2_repo = b2;
  b2_repo.replace(b2_repo.find("s3:https://s3.example.com/b/app"), 31, "b2:bucket:app");
  EXPECT_EQ(find(lint(b2_repo + "---\n" + rs("app-restic")), "repository-backend-keys"), nullptr);
  std::string azure = kSecret;
  azure.replace(azure.find("s3:https://s3.example.com/b/app"), 31, "azure:container:/app");
  auto a = lint(azure + "---\n" + rs("app-restic"));
  ASSERT_NE(find(a, "repository-backend-keys"), nullptr) << test::all(a.findings);
  EXPECT_EQ(find(a, "repository-backend-keys")->hint,
            "add AZURE_ACCOUNT_NAME and AZURE_ACCOUNT_KEY or AZURE_ACCOUNT_SAS to the Secret (restic's azure backend)");
  EXPECT_EQ(find(lint(kSecret + "---\n" + rs("app-restic")), "repository-backend-keys"), nullptr);
}

TEST(LintRuntimeRules, RepositoryWithStrayQuotes) {
  auto r = lint(kSecret + "---\n" + rs("\"'app-restic'\""));
  const Finding* f = find(r, "repository-not-secret");
  ASSERT_NE(f, nullptr) << test::all(r.findings);
  EXPECT_NE(f->message.find("quote"), std::string::npos) << f->message;
  EXPECT_EQ(f->hint, "write repository: app-restic");
  // Not a URL, no quotes: the hint does not talk about URLs.
  const auto plain = lint(kSecret + "---\n" + rs("App_Restic"));
  const Finding* g = find(plain, "repository-not-secret");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->hint.find("URL"), std::string::npos) << g->hint;
}

TEST(LintRuntimeRules, EveryBadCronFieldIsNamed) {
  std::string y = rs("app-restic");
  y.replace(y.find("17 3 * * *"), 10, "61 25 * 13 *");
  const auto r = lint(kSecret + "---\n" + y);
  const Finding* f = find(r, "schedule-invalid");
  ASSERT_NE(f, nullptr);
  for (const char* field : {"minute field", "hour field", "month field"})
    EXPECT_NE(f->message.find(field), std::string::npos) << field << ": " << f->message;
}

TEST(LintRuntimeRules, AValueThroughAnAliasIsReportedAtTheAlias) {
  std::string y = rs("app-restic", "  annotations:\n    example.com/s: &s \"0 24 * * *\"\n");
  y.replace(y.find("\"17 3 * * *\""), 12, "*s");
  const auto r = lint(kSecret + "---\n" + y);
  const Finding* f = find(r, "schedule-invalid");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->line, 11 + 11);  // `schedule: *s` (line 22), not the anchor (line 18)
}
