#include "volsync/plan_names.h"

#include <gtest/gtest.h>

#include <string>

namespace vg {
namespace {

using KV = std::vector<std::pair<std::string, std::string>>;

BackupPlan plan_of(std::string name, KV labels = {}, KV annotations = {}) {
  BackupPlan p;
  p.pvc.name = name;
  p.pvc.namespace_ = "media";
  p.pvc.labels = std::move(labels);
  p.pvc.annotations = std::move(annotations);
  p.pvc.origin.resource = {"v1", "PersistentVolumeClaim", name, "media"};
  p.base_name = name;
  return p;
}

Repository url_repo(std::string name = {}) {
  Repository r;
  r.name = std::move(name);
  r.primary = true;
  return r;
}

TEST(PlanNames, DefaultsKeepTodaysRepositoryPath) {
  BackupPlan p = plan_of("config");
  RepoPlan rp;
  Findings f;
  EXPECT_TRUE(plan_repo_names(p, rp, url_repo(), "s3:https://minio:9000/volsync", f));
  EXPECT_EQ(rp.repository, "s3:https://minio:9000/volsync/media/config");
  EXPECT_EQ(rp.rs_name, "config-backup");
  EXPECT_TRUE(f.empty());
}

TEST(PlanNames, TemplatedPathKeepsAnOldRepository) {
  // A renamed PVC whose repository kept the old name.
  BackupPlan p = plan_of("config-v2", {}, {{"volsync-gen.io/repository-path", "radarr"}});
  RepoPlan rp;
  rp.settings.naming.repository_path = "radarr";
  Findings f;
  EXPECT_TRUE(plan_repo_names(p, rp, url_repo(), "b2:bucket", f));
  EXPECT_EQ(rp.repository, "b2:bucket:/radarr");
}

TEST(PlanNames, ExistingCredentialsHaveNoMadeUpRepository) {
  BackupPlan p = plan_of("config");
  RepoPlan rp;
  Repository r = url_repo();
  r.credentials.mode = Credentials::Mode::kExisting;
  Findings f;
  EXPECT_TRUE(plan_repo_names(p, rp, r, "s3:https://minio:9000/volsync", f));
  EXPECT_EQ(rp.repository, "");
}

TEST(PlanNames, BadPathsAndNamesAreErrorsAtTheirAnnotation) {
  BackupPlan p = plan_of("config", {}, {{"volsync-gen.io/repository-path", "../x"},
                                       {"volsync-gen.io/source-name", "Config_Backup"}});
  RepoPlan rp;
  rp.settings.naming.repository_path = "../x";
  rp.settings.naming.source = "Config_Backup";
  Findings f;
  EXPECT_FALSE(plan_repo_names(p, rp, url_repo(), "s3:h/b", f));
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].rule, "name-invalid");
  EXPECT_EQ(f[0].field, "metadata.annotations[volsync-gen.io/source-name]");
  EXPECT_EQ(f[1].rule, "naming");
  EXPECT_EQ(f[1].field, "metadata.annotations[volsync-gen.io/repository-path]");
}

TEST(PlanNames, LongTemplatedReplicationNamesAreRefused) {
  BackupPlan p = plan_of("config");
  RepoPlan rp;
  rp.settings.naming.source = std::string(52, 'a');
  Findings f;
  EXPECT_FALSE(plan_repo_names(p, rp, url_repo(), "s3:h/b", f));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "name-length");
  EXPECT_EQ(f[0].field, "spec.naming.source");
}

TEST(PlanNames, MissingAppLabelNamesThePvc) {
  BackupPlan p = plan_of("config");
  RepoPlan rp;
  rp.settings.naming.source = "${app}";
  Findings f;
  EXPECT_FALSE(plan_repo_names(p, rp, url_repo(), "s3:h/b", f));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "naming");
  EXPECT_NE(f[0].message.find("PVC media/config"), std::string::npos);
}

TEST(PlanNames, DestinationFromThePrimaryRepositorysNaming) {
  Config c;
  c.repositories = {url_repo("minio")};
  BackupPlan p = plan_of("config", {{"app", "radarr"}});
  RepoPlan rp;
  rp.settings.naming.destination = "${app}-bootstrap";
  p.repos.push_back(rp);
  Findings f;
  EXPECT_TRUE(plan_destination_name(p, c, true, f));
  EXPECT_EQ(p.rd_name, "radarr-bootstrap");
  p.repos[0].settings.naming.destination.clear();
  EXPECT_TRUE(plan_destination_name(p, c, true, f));
  EXPECT_EQ(p.rd_name, "config-restore");
}

TEST(PlanNames, ExternalSecretOverridesNeedAnExternalSecret) {
  BackupPlan p = plan_of("config", {}, {{"volsync-gen.io/remote-key", "radarr-restic"}});
  RepoPlan rp;
  rp.settings.es_remote_key = "radarr-restic";
  Findings f;
  check_external_secret_overrides(p.pvc, rp, url_repo(), f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "metadata.annotations[volsync-gen.io/remote-key]");
  Repository eso = url_repo();
  eso.credentials.mode = Credentials::Mode::kExternalSecret;
  Findings none;
  check_external_secret_overrides(p.pvc, rp, eso, none);
  EXPECT_TRUE(none.empty());
}

}  // namespace
}  // namespace vg
