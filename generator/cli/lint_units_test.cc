// lint's units: kustomizations (namespace, resources, components, nested), Flux Kustomizations
// (path, targetNamespace), secretGenerators; and the cross-object rules compared within units.
#include "cli/lint_units.h"

#include <gtest/gtest.h>

#include "cli/lint.h"
#include "support/findings_util.h"

using namespace vg;

namespace {

std::string kust(const std::string& ns, const std::vector<std::string>& resources, const std::string& extra = "") {
  std::string s = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n";
  if (!ns.empty()) s += "namespace: " + ns + "\n";
  s += "resources:\n";
  for (const auto& r : resources) s += "  - " + r + "\n";
  return s + extra;
}

std::string secret(const std::string& name, const std::string& url, const std::string& key_id = "id") {
  return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + "\nstringData:\n  RESTIC_REPOSITORY: " + url +
         "\n  RESTIC_PASSWORD: pw\n  AWS_ACCESS_KEY_ID: " + key_id + "\n  AWS_SECRET_ACCESS_KEY: key\n";
}

std::string rs(const std::string& name, const std::string& repo) {
  return "apiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource\nmetadata:\n  name: " + name +
         "\nspec:\n  sourcePVC: data\n  trigger:\n    schedule: \"17 3 * * *\"\n  restic:\n    repository: " + repo +
         "\n    copyMethod: Snapshot\n    retain:\n      daily: 7\n";
}

LintResult lint(const std::vector<LintSource>& sources) {
  LintResult r;
  lint_sources(sources, {}, r);
  return r;
}

std::vector<LintSource> two_apps(const std::string& ns_a, const std::string& ns_b) {
  return {{"t/a/kustomization.yaml", kust(ns_a, {"app.yaml"})},
          {"t/a/app.yaml", secret("restic-config", "s3:https://s3/a", "a") + "---\n" + rs("a", "restic-config")},
          {"t/b/kustomization.yaml", kust(ns_b, {"app.yaml"})},
          {"t/b/app.yaml", secret("restic-config", "s3:https://s3/b", "b") + "---\n" + rs("b", "restic-config")}};
}

}  // namespace

TEST(LintUnits, KustomizationNamespacesSeparateTheApps) {
  EXPECT_EQ(test::rules_of(lint(two_apps("a", "b")).findings), "");
  // Without kustomizations both objects are loose and without namespace: paired as before.
  auto loose = two_apps("a", "b");
  loose.erase(loose.begin() + 2);
  loose.erase(loose.begin());
  EXPECT_EQ(test::rules_of(lint(loose).findings), "repository-shared repository-shared");
}

TEST(LintUnits, UnrelatedUnitsWithoutNamespacesAreNotPaired) {
  EXPECT_EQ(test::rules_of(lint(two_apps("", "")).findings), "");
}

TEST(LintUnits, UnitsWithTheSameNamespaceArePaired) {
  auto r = lint(two_apps("media", "media"));
  ASSERT_EQ(test::rules_of(r.findings), "repository-shared repository-shared") << test::all(r.findings);
  EXPECT_EQ(r.findings[0].resource.namespace_, "media");  // the namespace the unit gives it
  EXPECT_NE(r.findings[0].message.find("[unit t/a]"), std::string::npos) << r.findings[0].message;
}

TEST(LintUnits, OuterNamespaceWinsAndIncludesAreFollowed) {
  LintUnits u;
  u.build({{"r/kustomization.yaml", kust("outer", {"./a", "b/", "https://github.com/x/y//z?ref=v1"})},
           {"r/a/kustomization.yaml", kust("inner", {"x.yaml"}, "components:\n  - ../c\n")},
           {"r/a/x.yaml", ""},
           {"r/b/kustomization.yaml", kust("", {"y.yaml"})},
           {"r/b/y.yaml", ""},
           {"r/c/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - z.yaml\n"},
           {"r/c/z.yaml", ""},
           {"r/stray.yaml", ""}});
  ASSERT_EQ(u.size(), 2u);  // the loose unit and r
  EXPECT_EQ(u.name(1), "r");
  for (const char* f : {"r/a/x.yaml", "r/b/y.yaml", "r/c/z.yaml"}) {
    ASSERT_EQ(u.of(f).size(), 1u) << f;
    EXPECT_EQ(u.of(f)[0].unit, 1u);
    EXPECT_EQ(u.of(f)[0].namespace_, "outer") << f;
  }
  EXPECT_TRUE(u.of("r/stray.yaml").empty());  // not listed: kustomize does not apply it
}

TEST(LintUnits, FluxKustomizationPathAndTargetNamespace) {
  const std::string flux =
      "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: app\n  namespace: "
      "flux-system\nspec:\n  path: ./apps/app\n  targetNamespace: app-ns\n";
  LintUnits u;
  u.build({{"repo/clusters/ks.yaml", flux},
           {"repo/apps/app/one.yaml", ""},
           {"repo/apps/app/sub/two.yaml", ""},
           {"repo/apps/app/k/kustomization.yaml", kust("k-ns", {"three.yaml"})},
           {"repo/apps/app/k/three.yaml", ""},
           {"repo/apps/other.yaml", ""}});
  ASSERT_EQ(u.size(), 2u);
  EXPECT_EQ(u.name(1), "Flux Kustomization flux-system/app");
  for (const char* f : {"repo/apps/app/one.yaml", "repo/apps/app/sub/two.yaml", "repo/apps/app/k/three.yaml"}) {
    ASSERT_EQ(u.of(f).size(), 1u) << f;
    EXPECT_EQ(u.of(f)[0].namespace_, "app-ns") << f;
  }
  EXPECT_TRUE(u.of("repo/apps/other.yaml").empty());
}

TEST(LintUnits, AComponentInTwoUnitsIsReportedOnceNamingBoth) {
  const std::string bad = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  RESTIC_PASSWORD: pw\n";
  auto r = lint({{"c/kustomization.yaml", "kind: Component\nresources:\n  - s.yaml\n"},
                 {"c/s.yaml", bad + "---\n" + rs("x", "s")},
                 {"a/kustomization.yaml", kust("a", {}, "components:\n  - ../c\n")},
                 {"b/kustomization.yaml", kust("b", {}, "components:\n  - ../c\n")}});
  std::string units;
  for (const auto& f : r.findings)
    if (f.rule == "secret-missing-key") {
      const auto at = f.message.find(" [unit");
      units += f.resource.namespace_ + (at == std::string::npos ? " (no unit)" : f.message.substr(at));
    }
  EXPECT_EQ(units, "a [unit a]b [unit b]") << test::all(r.findings);  // one per namespace the unit gives it
  // One namespace for both: the same finding, reported once with both units.
  auto same = lint({{"c/kustomization.yaml", "kind: Component\nresources:\n  - s.yaml\n"},
                    {"c/s.yaml", bad + "---\n" + rs("x", "s")},
                    {"a/kustomization.yaml", kust("", {}, "components:\n  - ../c\n")},
                    {"b/kustomization.yaml", kust("", {}, "components:\n  - ../c\n")}});
  ASSERT_EQ(test::rules_of(same.findings), "secret-missing-key") << test::all(same.findings);
  EXPECT_NE(same.findings[0].message.find("[units a, b]"), std::string::npos) << same.findings[0].message;
}

TEST(LintUnits, SecretGeneratorCountsAsMadeButKeepsItsHash) {
  const std::string gen = "secretGenerator:\n  - name: restic-config\n    envs: [restic.env]\n";
  auto hashed = lint({{"a/kustomization.yaml", kust("a", {"rs.yaml"}, gen)}, {"a/rs.yaml", rs("x", "restic-config")}});
  EXPECT_EQ(test::rules_of(hashed.findings), "repository-secret-near-name") << test::all(hashed.findings);
  auto plain = lint({{"a/kustomization.yaml",
                      kust("a", {"rs.yaml"}, gen + "generatorOptions:\n  disableNameSuffixHash: true\n")},
                     {"a/rs.yaml", rs("x", "restic-config")}});
  EXPECT_EQ(test::rules_of(plain.findings), "") << test::all(plain.findings);
}

TEST(LintUnits, ABrokenDocumentLeavesTheOthersChecked) {
  std::string third = rs("b", "rb");
  third.replace(third.find("17 3"), 4, "99 3");
  auto r = lint({{"f.yaml", rs("a", "ra") + "---\nkind: [\n---\n" + third}});
  EXPECT_EQ(test::rules_of(r.findings), "yaml-parse schedule-invalid") << test::all(r.findings);
  EXPECT_EQ(r.findings[1].resource.name, "b");
  EXPECT_EQ(r.findings[1].line, 16 + 8);  // the third document starts at line 17
  EXPECT_EQ(lint_exit_code(r), 2);
  EXPECT_EQ(r.objects.size(), 2u);
}

TEST(LintUnits, AUnitWithFilesNotGivenOnlySaysWhatItKnows) {
  const std::string pvc =
      "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  dataSourceRef:\n"
      "    apiGroup: volsync.backube\n    kind: ReplicationDestination\n    name: app-dst\n";
  const std::string es = "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: e\nspec:\n"
                         "  target:\n    name: restic-confi\n";
  // Every file of the unit given: the ReplicationDestination is missing from it, the Secret has a near name.
  auto whole = lint({{"a/kustomization.yaml", kust("a", {"pvc.yaml", "es.yaml"})},
                     {"a/pvc.yaml", pvc + "---\n" + rs("x", "restic-config")},
                     {"a/es.yaml", es}});
  EXPECT_EQ(test::rules_of(whole.findings), "populator-rd-not-in-unit repository-secret-near-name")
      << test::all(whole.findings);
  // rd.yaml is listed but not given: both may be there.
  auto part = lint({{"a/kustomization.yaml", kust("a", {"pvc.yaml", "es.yaml", "rd.yaml"})},
                    {"a/pvc.yaml", pvc + "---\n" + rs("x", "restic-config")},
                    {"a/es.yaml", es}});
  EXPECT_EQ(test::rules_of(part.findings), "populator-rd-not-found repository-secret-not-found")
      << test::all(part.findings);
}

TEST(LintUnits, OneRepositoryValueIsComparedAcrossKnownNamespaces) {
  auto same_url = [](const std::string& ns_a, const std::string& ns_b) {
    return lint({{"t/a/kustomization.yaml", kust(ns_a, {"app.yaml"})},
                 {"t/a/app.yaml", secret("ra", "s3:https://s3/one", "a") + "---\n" + rs("a", "ra")},
                 {"t/b/kustomization.yaml", kust(ns_b, {"app.yaml"})},
                 {"t/b/app.yaml", secret("rb", "s3:https://s3/one", "b") + "---\n" + rs("b", "rb")}});
  };
  // One bucket path written from two namespaces: shared, whatever the namespaces are.
  EXPECT_EQ(test::rules_of(same_url("a", "b").findings), "repository-shared repository-shared");
  // Two unrelated folders without namespaces: maybe not one cluster, not compared.
  EXPECT_EQ(test::rules_of(same_url("", "").findings), "");
}

TEST(LintUnits, ManyBrokenDocumentsStopTheFile) {
  std::string text;
  for (int i = 0; i < 25; ++i) text += "kind: [\n---\n";
  text += rs("late", "r");
  auto r = lint({{"f.yaml", text}});
  std::size_t parse = 0;
  for (const auto& f : r.findings) parse += f.rule == "yaml-parse";
  EXPECT_EQ(parse, 21u) << test::all(r.findings);  // 20 documents, then the notice that the rest is not read
  EXPECT_NE(r.findings.back().message.find("the rest of the file is not checked"), std::string::npos);
  EXPECT_EQ(lint_exit_code(r), 2);
}
