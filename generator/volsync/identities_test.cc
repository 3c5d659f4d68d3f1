#include "volsync/identities.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace vg {
namespace {

using Mode = Credentials::Mode;

struct RepoSpec {
  std::string name, suffix;  // suffix: credentials.secretSuffix, "" for the default
  Mode mode = Mode::kSecret;
};

// The configuration: its spec's secretSuffix (which every repository inherits) and repositories.
Config config(std::vector<RepoSpec> repos, std::string spec_suffix = "") {
  Config c;
  c.origin = {{"volsync-gen.io/v1alpha1", "VolSyncBackup", "volsync", ""}, "config.yaml", 2};
  c.credentials.secret_suffix = spec_suffix;
  for (std::size_t i = 0; i < repos.size(); ++i) {
    Repository r;
    r.name = repos[i].name;
    r.primary = i == 0;
    r.credentials = c.credentials;
    if (!repos[i].suffix.empty()) r.credentials.secret_suffix = repos[i].suffix;
    r.credentials.mode = repos[i].mode;
    r.credentials.eso_api_version = "external-secrets.io/v1";
    r.origin = {c.origin.resource, "config.yaml", 10 + static_cast<int>(i) * 5};
    c.repositories.push_back(r);
  }
  return c;
}

// A plan named as plan_pvc names it: base-<suffix> Secrets, base-backup[-repo], base-restore.
BackupPlan plan(const Config& c, std::string ns, std::string pvc, std::string base = "",
               std::string restore = "snapshot") {
  BackupPlan p;
  p.pvc.name = std::move(pvc);
  p.pvc.namespace_ = std::move(ns);
  p.pvc.origin = {{"v1", "PersistentVolumeClaim", p.pvc.name, p.pvc.namespace_}, "pvc.yaml", 7};
  p.base_name = base.empty() ? p.pvc.name : base;
  if (!base.empty()) p.pvc.annotations.emplace_back("volsync-gen.io/name", base);
  p.rd_name = p.base_name + "-restore";
  p.settings.restore_mode = std::move(restore);
  for (std::size_t i = 0; i < c.repositories.size(); ++i) {
    const Repository& r = c.repositories[i];
    RepoPlan rp;
    rp.repo_index = i;
    const std::string suffix = !r.credentials.secret_suffix.empty() ? r.credentials.secret_suffix
                               : r.name.empty()                     ? std::string("volsync-secret")
                                                                    : "volsync-" + r.name;
    rp.secret_name = p.base_name + "-" + suffix;
    rp.rs_name = p.base_name + "-backup" + (r.name.empty() ? "" : "-" + r.name);
    rp.repository = "s3:h/b/" + p.pvc.namespace_ + "/" + p.pvc.name + (r.name.empty() ? "" : "/" + r.name);
    p.repos.push_back(rp);
  }
  return p;
}

TEST(PlannedObjects, EveryObjectOfAPlanWithItsIdentity) {
  const Config c = config({{"a", ""}, {"b", "", Mode::kExternalSecret}, {"c", "", Mode::kExisting}});
  std::vector<std::string> ids;
  for (const auto& o : planned_objects(plan(c, "apps", "db"), c)) ids.push_back(o.identity);
  EXPECT_EQ(ids, (std::vector<std::string>{
                     "/Secret/apps/db-volsync-a",
                     "external-secrets.io/ExternalSecret/apps/db-volsync-b",
                     "/Secret/apps/db-volsync-b",  // the ExternalSecret's target
                     "/Secret/apps/db-volsync-c",  // read by the ReplicationSource (mode existing)
                     "volsync.backube/ReplicationDestination/apps/db-restore",
                     "volsync.backube/ReplicationSource/apps/db-backup-a",
                     "volsync.backube/ReplicationSource/apps/db-backup-b",
                     "volsync.backube/ReplicationSource/apps/db-backup-c",
                 }));
  std::vector<std::string> without_restore;
  for (const auto& o : planned_objects(plan(c, "apps", "db", "", "none"), c)) without_restore.push_back(o.kind);
  EXPECT_EQ(std::count(without_restore.begin(), without_restore.end(), "ReplicationDestination"), 0);
}

// Each row: the configuration and the PVCs (namespace/name[=base]) claimed in order, then the
// findings: rule, field, where (file:line), message.
TEST(GeneratedIdentities, Table) {
  struct Pvc {
    std::string ns, name, base;
  };
  struct Want {
    std::string rule, field, where, message;
  };
  struct Case {
    const char* name;
    Config config;
    std::vector<Pvc> pvcs;
    std::vector<Want> want;
  };
  const std::string dup = "generated-duplicate";
  const Case cases[] = {
      {"distinct PVCs and repositories", config({{"a", ""}, {"b", ""}}),
       {{"apps", "db", ""}, {"apps", "web", ""}, {"other", "db", ""}}, {}},
      {"one spec secretSuffix for two repositories", config({{"a", ""}, {"b", ""}}, "creds"),
       {{"apps", "db", ""}, {"apps", "web", ""}},
       {{dup, "spec.credentials.secretSuffix", "config.yaml:2",
         "repository a and repository b would use one credentials Secret for every PVC (<pvc>-creds): their "
         "backups would go to one restic repository"}}},
      {"a repository's own secretSuffix equal to another's default", config({{"a", ""}, {"b", "volsync-a"}}),
       {{"apps", "db", ""}},
       {{dup, "spec.repositories[1].credentials.secretSuffix", "config.yaml:15",
         "repository a and repository b would use one credentials Secret for every PVC (<pvc>-volsync-a): "
         "their backups would go to one restic repository"}}},
      {"the earlier repository sets the suffix", config({{"a", "volsync-b"}, {"b", ""}}),
       {{"apps", "db", ""}},
       {{dup, "spec.repositories[0].credentials.secretSuffix", "config.yaml:10",
         "repository a and repository b would use one credentials Secret for every PVC (<pvc>-volsync-b): "
         "their backups would go to one restic repository"}}},
      {"an ExternalSecret's target and a generated Secret",
       config({{"a", "creds"}, {"b", "creds", Mode::kExternalSecret}}), {{"apps", "db", ""}},
       {{dup, "spec.repositories[1].credentials.secretSuffix", "config.yaml:15",
         "repository a and repository b would use one credentials Secret for every PVC (<pvc>-creds): their "
         "backups would go to one restic repository"}}},
      {"two existing Secrets of one name", config({{"a", "creds", Mode::kExisting}, {"b", "creds", Mode::kExisting}}),
       {{"apps", "db", ""}},
       {{dup, "spec.repositories[1].credentials.secretSuffix", "config.yaml:15",
         "repository a and repository b would use one credentials Secret for every PVC (<pvc>-creds): their "
         "backups would go to one restic repository"}}},
      {"a base name another PVC has", config({{"", ""}}), {{"apps", "db", ""}, {"apps", "db-old", "db"}},
       {{dup, "metadata.annotations[volsync-gen.io/name]", "pvc.yaml:7",
         "PVC apps/db-old and PVC apps/db would both generate Secret db-volsync-secret, ReplicationDestination "
         "db-restore, ReplicationSource db-backup (base name db)"}}},
      {"two repositories on one suffix and a PVC on another's base name: each object named once",
       config({{"a", ""}, {"b", ""}}, "creds"), {{"apps", "db", ""}, {"apps", "db-old", "db"}},
       {{dup, "spec.credentials.secretSuffix", "config.yaml:2",
         "repository a and repository b would use one credentials Secret for every PVC (<pvc>-creds): their "
         "backups would go to one restic repository"},
        {dup, "metadata.annotations[volsync-gen.io/name]", "pvc.yaml:7",
         "PVC apps/db-old and PVC apps/db would both generate Secret db-creds, ReplicationDestination db-restore, "
         "ReplicationSource db-backup-a, ReplicationSource db-backup-b (base name db)"}}},
      {"the same base name in two namespaces", config({{"", ""}}), {{"apps", "db", ""}, {"other", "x", "db"}}, {}},
      {"two PVCs on one base name", config({{"", ""}}),
       {{"apps", "a", "shared"}, {"apps", "b", "shared"}},
       {{dup, "metadata.annotations[volsync-gen.io/name]", "pvc.yaml:7",
         "PVC apps/b and PVC apps/a would both generate Secret shared-volsync-secret, ReplicationDestination "
         "shared-restore, ReplicationSource shared-backup (base name shared)"}}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    GeneratedIdentities ids;
    Findings f;
    bool ok = true;
    for (const auto& p : c.pvcs) ok = ids.claim(plan(c.config, p.ns, p.name, p.base), c.config, f) && ok;
    EXPECT_EQ(ok, c.want.empty());
    ASSERT_EQ(f.size(), c.want.size()) << (f.empty() ? "" : f[0].message);
    for (std::size_t i = 0; i < f.size(); ++i) {
      EXPECT_EQ(f[i].rule, c.want[i].rule);
      EXPECT_EQ(f[i].severity, Severity::kError);
      EXPECT_EQ(f[i].field, c.want[i].field);
      EXPECT_EQ(f[i].file + ":" + std::to_string(f[i].line), c.want[i].where);
      EXPECT_EQ(f[i].message, c.want[i].message);
    }
  }
}

// A clash of two repositories is the configuration's: reported once, not once per PVC.
TEST(GeneratedIdentities, AConfigClashIsReportedOnce) {
  const Config c = config({{"a", ""}, {"b", ""}}, "creds");
  GeneratedIdentities ids;
  Findings f;
  for (const char* pvc : {"one", "two", "three"}) EXPECT_FALSE(ids.claim(plan(c, "apps", pvc), c, f));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].resource.kind, "VolSyncBackup");
}

TEST(GeneratedIdentities, TheSecondPvcOnARepositoryIsAnError) {
  const Config c = config({{"", ""}});
  GeneratedIdentities ids;
  Findings f;
  BackupPlan one = plan(c, "a", "one"), two = plan(c, "a", "two"), three = plan(c, "b", "three");
  three.repos[0].repository = one.repos[0].repository;
  EXPECT_TRUE(ids.claim(one, c, f));
  EXPECT_TRUE(ids.claim(two, c, f));
  EXPECT_FALSE(ids.claim(three, c, f));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "repository-shared");
  EXPECT_EQ(f[0].message, "PVC b/three would use the same repository as PVC a/one");
  EXPECT_EQ(f[0].file, "pvc.yaml");
  EXPECT_EQ(f[0].line, 7);
  EXPECT_EQ(f[0].resource.name, "three");
}

TEST(GeneratedIdentities, TwoRepositoriesOfOnePvcMustDifferToo) {
  const Config c = config({{"x", ""}, {"y", ""}});
  GeneratedIdentities ids;
  Findings f;
  BackupPlan p = plan(c, "a", "one");
  p.repos[1].repository = p.repos[0].repository;
  EXPECT_FALSE(ids.claim(p, c, f));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message, "two repositories of PVC a/one resolve to one restic repository");
}

TEST(GeneratedIdentities, CredentialsManagedElsewhereAreNotCompared) {
  const Config c = config({{"", "", Mode::kExisting}});
  GeneratedIdentities ids;
  Findings f;
  BackupPlan one = plan(c, "a", "one"), two = plan(c, "a", "two");
  one.repos[0].repository.clear();
  two.repos[0].repository.clear();
  EXPECT_TRUE(ids.claim(one, c, f));
  EXPECT_TRUE(ids.claim(two, c, f));
  EXPECT_TRUE(f.empty());
}

}  // namespace
}  // namespace vg
