#include "volsync/generate.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "krm/base64.h"
#include "krm/object.h"
#include "support/findings_util.h"

namespace vg {
namespace {

using vg::test::all;

TEST(Generate, ApiGroupAndIdentity) {
  struct Case {
    const char* api_version;
    const char* group;
  };
  const Case cases[] = {{"v1", ""},
                        {"apps/v1", "apps"},
                        {"volsync.backube/v1alpha1", "volsync.backube"},
                        {"", ""},
                        {"/v1", ""}};
  for (const auto& c : cases) EXPECT_EQ(api_group(c.api_version), c.group) << c.api_version;
  EXPECT_EQ(object_identity("external-secrets.io/v1", "ExternalSecret", "prod", "x"),
            "external-secrets.io/ExternalSecret/prod/x");
  EXPECT_EQ(object_identity("v1", "Secret", "", "s"), "/Secret//s");
  Generated g;
  g.ref = {"volsync.backube/v1alpha1", "ReplicationSource", "data-backup", "prod"};
  EXPECT_EQ(g.identity(), "volsync.backube/ReplicationSource/prod/data-backup");
}

Repository repo(std::string name = "", Credentials::Mode mode = Credentials::Mode::kSecret) {
  Repository r;
  r.name = std::move(name);
  r.credentials.mode = mode;
  r.credentials.remote_key = "restic/key";
  r.credentials.store_name = "vault";
  return r;
}

RepoPlan repo_plan(std::size_t index, std::string suffix) {
  RepoPlan rp;
  rp.repo_index = index;
  rp.secret_name = "data-volsync" + suffix;
  rp.rs_name = "data-backup" + suffix;
  rp.repository = "s3:host/bucket/prod/data" + suffix;
  rp.schedule = "17 3 * * *";
  return rp;
}

BackupPlan plan(std::size_t repos = 1) {
  BackupPlan p;
  p.pvc.name = "data";
  p.pvc.namespace_ = "prod";
  p.pvc.access_modes = {"ReadWriteOnce"};
  p.pvc.storage = "10Gi";
  p.pvc.storage_class = "fast";
  p.pvc.origin = {{"v1", "PersistentVolumeClaim", "data", "prod"}, "apps/pvc.yaml", 4};
  p.base_name = "data";
  p.rd_name = "data-dst";
  for (std::size_t i = 0; i < repos; ++i) p.repos.push_back(repo_plan(i, i ? "-" + std::to_string(i) : ""));
  return p;
}

Config config(std::vector<Repository> repos) {
  Config c;
  c.repositories = std::move(repos);
  c.argocd_sync_waves = false;
  return c;
}

TEST(PlanVariables, RestoreModes) {
  struct Case {
    const char* mode;
    const char* restore_now;
    bool destination_pvc, paused;
    const char* copy_method;
    const char* trigger;
  };
  const Case cases[] = {
      {"snapshot", "", false, false, "Snapshot", "restore-once"},
      {"bootstrap", "", false, false, "Snapshot", "restore-once"},
      {"manual", "", true, true, "Direct", "restore-once"},
      {"manual", "2024-06-01", true, false, "Direct", "2024-06-01"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.mode) + " " + c.restore_now);
    BackupPlan p = plan();
    p.repos[0].settings.restore_mode = c.mode;
    p.repos[0].settings.restore_now = c.restore_now;
    Vars v = plan_variables(p, p.repos[0], config({repo()}), nullptr);
    EXPECT_EQ(v["destinationPVC"].IsDefined(), c.destination_pvc);
    if (c.destination_pvc) {
      EXPECT_EQ(v["destinationPVC"].Scalar(), "data");
    }
    EXPECT_EQ(v["paused"].IsDefined(), c.paused);
    EXPECT_EQ(v["restoreCopyMethod"].Scalar(), c.copy_method);
    EXPECT_EQ(v["restoreTrigger"].Scalar(), c.trigger);
    // Without destinationPVC VolSync needs the size of the volume to create.
    EXPECT_EQ(v["accessModes"].IsDefined(), !c.destination_pvc);
    EXPECT_EQ(v["capacity"].IsDefined(), !c.destination_pvc);
    if (!c.destination_pvc) {
      EXPECT_EQ(v["capacity"].Scalar(), "10Gi");
      ASSERT_EQ(v["accessModes"].size(), 1u);
      EXPECT_EQ(v["accessModes"][0].Scalar(), "ReadWriteOnce");
    }
  }
}

TEST(PlanVariables, SettingsAndOptionalValues) {
  BackupPlan p = plan();
  Settings& s = p.repos[0].settings;
  Vars v = plan_variables(p, p.repos[0], config({repo()}), nullptr);
  EXPECT_EQ(v["namespace"].Scalar(), "prod");
  EXPECT_EQ(v["pvc.name"].Scalar(), "data");
  EXPECT_EQ(v["secret.name"].Scalar(), "data-volsync");
  EXPECT_EQ(v["rs.name"].Scalar(), "data-backup");
  EXPECT_EQ(v["rd.name"].Scalar(), "data-dst");
  EXPECT_EQ(v["schedule"].Scalar(), "17 3 * * *");
  EXPECT_EQ(v["pruneIntervalDays"].Scalar(), "7");
  EXPECT_EQ(v["retain"]["hourly"].Scalar(), "24");
  EXPECT_FALSE(v["storageClassName"].IsDefined()) << "unset settings leave optional keys out";
  EXPECT_FALSE(v["volumeSnapshotClassName"].IsDefined());
  EXPECT_FALSE(v["cacheAccessModes"].IsDefined());
  EXPECT_FALSE(v["unlock"].IsDefined());
  EXPECT_FALSE(v["secret.data"].IsDefined()) << "no credentials, no Secret data";
  EXPECT_EQ(v["restoreStorageClassName"].Scalar(), "fast") << "the restore lands in the PVC's own class";

  s.storage_class = "standard";
  s.snapshot_class = "snap";
  s.cache_access_modes = {"ReadWriteOnce", "ReadWriteMany"};
  s.unlock = "now";
  s.prune_interval_days = 30;
  Vars w = plan_variables(p, p.repos[0], config({repo()}), nullptr);
  EXPECT_EQ(w["storageClassName"].Scalar(), "standard");
  EXPECT_EQ(w["restoreStorageClassName"].Scalar(), "standard") << "a configured class wins";
  EXPECT_EQ(w["volumeSnapshotClassName"].Scalar(), "snap");
  EXPECT_EQ(w["cacheAccessModes"].size(), 2u);
  EXPECT_EQ(w["unlock"].Scalar(), "now");
  EXPECT_EQ(w["pruneIntervalDays"].Scalar(), "30");

  SourceCredentials creds;
  creds.values = {{"RESTIC_PASSWORD", "pw"}};
  Vars x = plan_variables(p, p.repos[0], config({repo()}), &creds);
  ASSERT_TRUE(x["secret.data"].IsMap());
  EXPECT_EQ(base64_decode(x["secret.data"]["RESTIC_REPOSITORY"].Scalar()),
            std::optional<std::string>("s3:host/bucket/prod/data"));
}

TEST(PlanVariables, ExternalSecret) {
  BackupPlan p = plan();
  Repository r = repo("", Credentials::Mode::kExternalSecret);
  r.backend = Repository::Backend::kS3;
  r.region = "eu-west-1";
  Vars v = plan_variables(p, p.repos[0], config({r}), nullptr);
  const Doc& data = v["es.templateData"];
  ASSERT_TRUE(data.IsMap());
  EXPECT_EQ(data["RESTIC_REPOSITORY"].Scalar(), "s3:host/bucket/prod/data") << "the path is written literally";
  EXPECT_EQ(data["RESTIC_PASSWORD"].Scalar(), "{{ .RESTIC_PASSWORD }}");
  EXPECT_EQ(data["AWS_ACCESS_KEY_ID"].Scalar(), "{{ .AWS_ACCESS_KEY_ID }}");
  EXPECT_EQ(data["AWS_SECRET_ACCESS_KEY"].Scalar(), "{{ .AWS_SECRET_ACCESS_KEY }}");
  EXPECT_EQ(data["AWS_DEFAULT_REGION"].Scalar(), "eu-west-1");
  EXPECT_EQ(v["es.storeName"].Scalar(), "vault");
  EXPECT_EQ(v["es.storeKind"].Scalar(), "ClusterSecretStore");
  EXPECT_EQ(v["es.apiVersion"].Scalar(), "external-secrets.io/v1");
  EXPECT_EQ(v["es.refreshInterval"].Scalar(), "1h");
  // No properties: the whole remote key is extracted.
  EXPECT_EQ(v["es.dataFrom"][0].at({"extract", "key"}).Scalar(), "restic/key");
  EXPECT_FALSE(v["es.data"].IsDefined());

  // With properties: one data entry each; keys that are not Go identifiers use `index`.
  r.credentials.properties = {{"RESTIC_PASSWORD", "password"}, {"custom-key", "other"}};
  Vars w = plan_variables(p, p.repos[0], config({r}), nullptr);
  EXPECT_FALSE(w["es.dataFrom"].IsDefined());
  ASSERT_EQ(w["es.data"].size(), 2u);
  EXPECT_EQ(w["es.data"][1]["secretKey"].Scalar(), "custom-key");
  EXPECT_EQ(w["es.data"][1].at({"remoteRef", "property"}).Scalar(), "other");
  EXPECT_EQ(w["es.data"][1].at({"remoteRef", "key"}).Scalar(), "restic/key");
  EXPECT_EQ(w["es.templateData"]["custom-key"].Scalar(), "{{ index . \"custom-key\" }}");
  std::size_t passwords = 0;
  for (const auto& e : w["es.templateData"].entries()) passwords += e.first.Scalar() == "RESTIC_PASSWORD";
  EXPECT_EQ(passwords, 1u) << "a property of a key already listed is not listed twice";
}

TemplateSet embedded() {
  TemplateSet t;
  Findings f;
  EXPECT_TRUE(load_templates("", t, f));
  return t;
}

std::string kinds(const std::vector<Generated>& out) {
  std::string s;
  for (const auto& g : out) s += (s.empty() ? "" : " ") + g.ref.kind + ":" + g.ref.name;
  return s;
}

TEST(GeneratePlan, ObjectsInApplyOrderWithIdentityStamped) {
  const TemplateSet t = embedded();
  BackupPlan p = plan(2);
  Config c = config({repo("a"), repo("b", Credentials::Mode::kExternalSecret)});
  std::vector<SourceCredentials> creds(2);
  creds[0].values = {{"RESTIC_PASSWORD", "pw"}};
  std::vector<Generated> out;
  Findings f;
  ASSERT_TRUE(generate_plan(p, 5, c, creds, t, out, f)) << all(f);
  EXPECT_TRUE(f.empty()) << all(f);
  EXPECT_EQ(kinds(out),
            "Secret:data-volsync ExternalSecret:data-volsync-1 ReplicationDestination:data-dst "
            "ReplicationSource:data-backup ReplicationSource:data-backup-1");
  for (std::size_t i = 0; i < out.size(); ++i) {
    SCOPED_TRACE(out[i].ref.name);
    const Doc& n = out[i].node;
    EXPECT_EQ(out[i].plan_index, 5u);
    EXPECT_EQ(out[i].ref.namespace_, "prod");
    EXPECT_EQ(n.at({"metadata", "name"}).Scalar(), out[i].ref.name);
    EXPECT_EQ(n.at({"metadata", "namespace"}).Scalar(), "prod");
    EXPECT_EQ(n["kind"].Scalar(), out[i].ref.kind);
    EXPECT_EQ(annotation_of(n, kSourcePvcAnnotation), "data");
    EXPECT_EQ(n.at({"metadata", "labels", kManagedByLabel}).Scalar(), kManagedByValue);
    // kpt's file placement depends on the whole package: placement.h sets it, not generation.
    EXPECT_EQ(annotation_of(n, "config.kubernetes.io/path"), "");
    EXPECT_EQ(annotation_of(n, "internal.config.kubernetes.io/index"), "");
  }
  EXPECT_EQ(out[1].ref.api_version, "external-secrets.io/v1");
  // The restore comes from the primary repository (the first here).
  EXPECT_EQ(out[2].node.at({"spec", "restic", "repository"}).Scalar(), "data-volsync");
  EXPECT_EQ(out[4].node.at({"spec", "restic", "repository"}).Scalar(), "data-volsync-1");
}

TEST(GeneratePlan, RestoreModesAndExistingCredentials) {
  const TemplateSet t = embedded();
  struct Case {
    const char* mode;
    const char* objects;
  };
  const Case cases[] = {
      {"snapshot", "ReplicationDestination:data-dst ReplicationSource:data-backup"},
      {"none", "ReplicationSource:data-backup"},
      {"bootstrap", "ReplicationDestination:data-dst ReplicationSource:data-backup"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.mode);
    BackupPlan p = plan();
    p.settings.restore_mode = c.mode;
    p.repos[0].settings.restore_mode = c.mode;
    std::vector<Generated> out;
    Findings f;
    ASSERT_TRUE(generate_plan(p, 0, config({repo("", Credentials::Mode::kExisting)}), {}, t, out, f)) << all(f);
    EXPECT_EQ(kinds(out), c.objects);
    const bool bootstrap = std::string(c.mode) == "bootstrap";
    if (out.size() == 2) {
      EXPECT_EQ(annotation_of(out[0].node, kFluxSsaAnnotation), bootstrap ? "IfNotPresent" : "");
      EXPECT_EQ(annotation_of(out[0].node, kArgoSyncOptionsAnnotation), bootstrap ? "Prune=false,Delete=false" : "");
    }
    EXPECT_EQ(annotation_of(out.back().node, kFluxSsaAnnotation), "") << "only the restore is create-only";
  }
}

// The ownership marks come from code: a template without them, or with another manager's label,
// still yields objects a re-run recognises as its own (ownership.h).
TEST(GeneratePlan, OwnershipMarksAreStampedWhateverTheTemplateSays) {
  const auto dir = std::filesystem::temp_directory_path() / ("vg-stamp-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const char* name : {"secret", "externalsecret"})
    std::filesystem::copy_file(std::string(VG_SOURCE_DIR) + "/templates/" + name + ".yaml",
                               dir / (std::string(name) + ".yaml"), std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir / "replicationsource.yaml")
      << "apiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource\nmetadata:\n  name: x\n"
         "  labels:\n    app.kubernetes.io/managed-by: someone-else\n    team: a\n"
         "  annotations:\n    volsync-gen.io/source-pvc: other\nspec:\n  sourcePVC: ${pvc.name}\n";
  std::ofstream(dir / "replicationdestination.yaml")
      << "apiVersion: volsync.backube/v1alpha1\nkind: ReplicationDestination\nmetadata: {}\nspec: {}\n";
  TemplateSet t;
  Findings f;
  ASSERT_TRUE(load_templates(dir.string(), t, f)) << all(f);
  std::vector<Generated> out;
  ASSERT_TRUE(generate_plan(plan(), 0, config({repo("", Credentials::Mode::kExisting)}), {}, t, out, f)) << all(f);
  ASSERT_EQ(kinds(out), "ReplicationDestination:data-dst ReplicationSource:data-backup");
  for (const Generated& g : out) {
    SCOPED_TRACE(g.ref.kind);
    EXPECT_EQ(g.node.at({"metadata", "labels", kManagedByLabel}).Scalar(), kManagedByValue);
    EXPECT_EQ(annotation_of(g.node, kSourcePvcAnnotation), "data");
  }
  EXPECT_EQ(out[1].node.at({"metadata", "labels", "team"}).Scalar(), "a") << "other labels are kept";
  std::filesystem::remove_all(dir);
}

TEST(GeneratePlan, TemplateErrorsAreFindings) {
  // Mode secret without the source credentials: the Secret template's ${secret.data} is unset.
  std::vector<Generated> out;
  Findings f;
  EXPECT_FALSE(generate_plan(plan(), 0, config({repo()}), {}, embedded(), out, f));
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f[0].rule, "template");
  EXPECT_NE(f[0].message.find("(expanding for PVC prod/data)"), std::string::npos) << f[0].message;
  EXPECT_EQ(kinds(out), "ReplicationDestination:data-dst ReplicationSource:data-backup")
      << "the other objects are still generated";

  // A template that makes the wrong kind.
  const auto dir = std::filesystem::temp_directory_path() / ("vg-generate-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const char* name : {"secret", "replicationdestination", "externalsecret"})
    std::filesystem::copy_file(std::string(VG_SOURCE_DIR) + "/templates/" + name + ".yaml",
                               dir / (std::string(name) + ".yaml"), std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir / "replicationsource.yaml")
      << "apiVersion: volsync.backube/v1alpha1\nkind: ReplicationDestination\nmetadata:\n  name: ${rs.name}\n";
  TemplateSet t;
  Findings load;
  ASSERT_TRUE(load_templates(dir.string(), t, load)) << all(load);
  out.clear();
  f.clear();
  EXPECT_FALSE(generate_plan(plan(), 0, config({repo("", Credentials::Mode::kExisting)}), {}, t, out, f));
  ASSERT_EQ(f.size(), 1u) << all(f);
  EXPECT_EQ(f[0].message, "template must produce volsync.backube/v1alpha1 ReplicationSource, not "
                          "volsync.backube/v1alpha1 ReplicationDestination");
  EXPECT_EQ(f[0].file, t.replication_source.source);
  EXPECT_EQ(kinds(out), "ReplicationDestination:data-dst");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vg
