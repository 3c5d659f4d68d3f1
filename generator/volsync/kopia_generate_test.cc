#include "volsync/kopia_generate.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "krm/base64.h"
#include "support/findings_util.h"
#include "volsync/generate.h"

namespace vg {
namespace {

using vg::test::all;

Repository nfs(std::string name) {
  Repository r;
  r.name = std::move(name);
  r.backend = Repository::Backend::kLocal;
  r.nfs_server = "nas.lan";
  r.nfs_path = "/tank/kopia";
  return r;
}

Config config() {
  Config c;
  c.repositories = {nfs("nas")};
  c.argocd_sync_waves = false;
  return c;
}

BackupPlan plan(std::string pvc, std::string ns = "media") {
  BackupPlan p;
  p.pvc.name = pvc;
  p.pvc.namespace_ = std::move(ns);
  p.pvc.access_modes = {"ReadWriteOnce"};
  p.pvc.storage = "5Gi";
  p.pvc.origin = {{"v1", "PersistentVolumeClaim", pvc, p.pvc.namespace_}, "pvc.yaml", 1};
  p.base_name = pvc;
  p.rd_name = pvc + "-restore";
  RepoPlan rp;
  rp.secret_name = pvc + "-volsync-nas";
  rp.rs_name = pvc + "-backup-nas";
  rp.repository = "filesystem:///mnt/repository";
  rp.schedule = "0 * * * *";
  rp.settings.mover = "kopia";
  rp.settings.retain = Retain{};
  rp.settings.retain.hourly = 24;
  rp.settings.retain.daily = 7;
  rp.settings.compression = "zstd-fastest";
  rp.settings.parallelism = 2;
  rp.settings.mover_uid = 2000;
  Doc vol = Doc::map();
  vol.set("mountPath", Doc::string("repository"));
  rp.mover_volumes = Doc::sequence();
  rp.mover_volumes.push_back(vol);
  p.repos.push_back(rp);
  p.settings = rp.settings;
  return p;
}

TEST(KopiaVariables, WhatTheTemplatesRead) {
  const Config c = config();
  const BackupPlan p = plan("config");
  SourceCredentials creds;
  creds.values = {{"KOPIA_PASSWORD", "pw"}};
  const Vars v = plan_variables(p, p.repos[0], c, &creds);
  const Doc& data = v.at("secret.data");
  EXPECT_EQ(data["KOPIA_REPOSITORY"].Scalar(), base64_encode("filesystem:///mnt/repository"));
  EXPECT_EQ(data["KOPIA_PASSWORD"].Scalar(), base64_encode("pw"));
  EXPECT_FALSE(data.find("RESTIC_REPOSITORY"));
  const Doc& retain = v.at("retain");
  EXPECT_EQ(retain["hourly"].Scalar(), "24");
  EXPECT_EQ(retain["monthly"].Scalar(), "24");  // Kopia's default, written out
  EXPECT_EQ(retain["latest"].Scalar(), "10");
  EXPECT_EQ(retain["yearly"].Scalar(), "3");
  EXPECT_EQ(v.at("compression").Scalar(), "zstd-fastest");
  EXPECT_EQ(v.at("parallelism").Scalar(), "2");
  EXPECT_FALSE(v.at("actions").IsMap());
  // A restore finds the source's snapshots whatever the destination is called.
  EXPECT_EQ(v.at("sourceIdentity")["sourceName"].Scalar(), "config-backup-nas");
  EXPECT_EQ(v.at("sourceIdentity")["sourceNamespace"].Scalar(), "media");
}

TEST(KopiaVariables, EachMoversSecretCarriesItsOwnPassword) {
  const Config c = config();
  SourceCredentials creds;
  creds.values = {{"KOPIA_PASSWORD", "k"}, {"RESTIC_PASSWORD", "r"}};
  BackupPlan restic = plan("legacy");
  restic.repos[0].settings.mover = "restic";
  restic.repos[0].repository = "/mnt/repository/media/legacy";
  const Doc restic_data = plan_variables(restic, restic.repos[0], c, &creds).at("secret.data");
  EXPECT_EQ(restic_data["RESTIC_PASSWORD"].Scalar(), base64_encode("r"));
  EXPECT_FALSE(restic_data.find("KOPIA_PASSWORD"));
  const BackupPlan kopia = plan("config");
  const Doc kopia_data = plan_variables(kopia, kopia.repos[0], c, &creds).at("secret.data");
  EXPECT_EQ(kopia_data["KOPIA_PASSWORD"].Scalar(), base64_encode("k"));
  EXPECT_FALSE(kopia_data.find("RESTIC_PASSWORD"));
}

std::string kinds(const std::vector<Generated>& out) {
  std::string s;
  for (const auto& g : out) s += (s.empty() ? "" : " ") + g.ref.kind + ":" + g.ref.namespace_ + "/" + g.ref.name;
  return s;
}

TEST(KopiaGenerate, ObjectsAndOneMaintenancePerNamespace) {
  TemplateSet t;
  Findings f;
  ASSERT_TRUE(load_templates("", t, f)) << all(f);
  const Config c = config();
  std::vector<SourceCredentials> creds(1);
  creds[0].values = {{"KOPIA_PASSWORD", "pw"}};
  KopiaMaintenanceSet maintenance;
  std::vector<Generated> out;
  for (const auto& [pvc, ns] : {std::pair{"config", "media"}, {"library", "media"}, {"db", "home"}})
    ASSERT_TRUE(generate_plan(plan(pvc, ns), 0, c, creds, t, out, f, &maintenance)) << all(f);
  EXPECT_EQ(kinds(out),
            "Secret:media/config-volsync-nas ReplicationDestination:media/config-restore "
            "ReplicationSource:media/config-backup-nas KopiaMaintenance:media/kopia-maintenance-nas "
            "Secret:media/library-volsync-nas ReplicationDestination:media/library-restore "
            "ReplicationSource:media/library-backup-nas "
            "Secret:home/db-volsync-nas ReplicationDestination:home/db-restore ReplicationSource:home/db-backup-nas "
            "KopiaMaintenance:home/kopia-maintenance-nas");
  const Doc& rs = out[2].node;
  EXPECT_FALSE(rs.at({"spec", "restic"}));
  EXPECT_EQ(rs.at({"spec", "kopia", "repository"}).Scalar(), "config-volsync-nas");
  EXPECT_EQ(rs.at({"spec", "kopia", "compression"}).Scalar(), "zstd-fastest");
  EXPECT_FALSE(rs.at({"spec", "kopia", "pruneIntervalDays"}));
  const Doc& rd = out[1].node;
  EXPECT_EQ(rd.at({"spec", "kopia", "sourceIdentity", "sourceName"}).Scalar(), "config-backup-nas");
  const Doc& m = out[3].node;
  EXPECT_EQ(m.at({"spec", "repository", "repository"}).Scalar(), "config-volsync-nas");
  EXPECT_EQ(m.at({"spec", "moverVolumes"}).size(), 1u);  // the same volume as the backups
  EXPECT_EQ(m.at({"spec", "podSecurityContext", "runAsUser"}).Scalar(), "2000");
  const std::string schedule = m.at({"spec", "trigger", "schedule"}).Scalar();
  EXPECT_NE(schedule, "daily");  // spread into a cron
  EXPECT_EQ(std::count(schedule.begin(), schedule.end(), ' '), 4) << schedule;

  // Maintenance handled elsewhere, or no set given: none.
  Config off = config();
  off.kopia_maintenance = false;
  std::vector<Generated> none;
  KopiaMaintenanceSet fresh;
  ASSERT_TRUE(generate_plan(plan("config"), 0, off, creds, t, none, f, &fresh)) << all(f);
  EXPECT_EQ(kinds(none).find("KopiaMaintenance"), std::string::npos);
}

TEST(KopiaGenerate, MaintenanceName) {
  EXPECT_EQ(kopia_maintenance_name(nfs("")), "kopia-maintenance");
  EXPECT_EQ(kopia_maintenance_name(nfs("offsite")), "kopia-maintenance-offsite");
}

}  // namespace
}  // namespace vg
