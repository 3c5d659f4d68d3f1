#include "volsync/kopia_plan.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

Config two_repositories() {
  Config c;
  Repository a;
  a.name = "nas";
  a.overrides = Doc::map();
  Repository b = a;
  b.name = "offsite";
  b.overrides.set("mover", Doc::string("kopia"));
  c.repositories = {a, b};
  return c;
}

PvcFacts pvc(std::vector<std::pair<std::string, std::string>> annotations) {
  PvcFacts p;
  p.name = "data";
  p.namespace_ = "apps";
  p.annotations = std::move(annotations);
  return p;
}

TEST(KopiaPlan, MoverLevels) {
  Config c = two_repositories();
  struct Case {
    std::vector<std::pair<std::string, std::string>> annotations;
    const char* nas;
    const char* offsite;
  };
  const Case cases[] = {
      {{}, "restic", "kopia"},  // config default < repository's own
      {{{"volsync-gen.io/mover", "kopia"}}, "kopia", "kopia"},
      {{{"volsync-gen.io/mover", "restic"}}, "restic", "restic"},  // the annotation wins over the repository
      {{{"volsync-gen.io/mover.offsite", "restic"}, {"volsync-gen.io/mover", "kopia"}}, "kopia", "restic"},
      {{{"volsync-gen.io/mover", "kopai"}}, "restic", "kopia"},  // invalid: reported by plan_pvc, not taken
  };
  for (const auto& c2 : cases) {
    SCOPED_TRACE(c2.annotations.empty() ? "none" : c2.annotations.front().second);
    EXPECT_EQ(mover_of(pvc(c2.annotations), c, 0), c2.nas);
    EXPECT_EQ(mover_of(pvc(c2.annotations), c, 1), c2.offsite);
  }
  c.defaults.mover = "kopia";
  EXPECT_EQ(mover_of(pvc({}), c, 0), "kopia");
}

TEST(KopiaPlan, MoversUsed) {
  Config c = two_repositories();
  PvcFacts plain = pvc({}), kopia = pvc({{"volsync-gen.io/mover", "kopia"}});
  std::vector<PvcFacts*> selected = {&plain};
  auto use = movers_used(selected, c);
  ASSERT_EQ(use.size(), 2u);
  EXPECT_TRUE(use[0].restic);
  EXPECT_FALSE(use[0].kopia);
  EXPECT_FALSE(use[1].restic);
  EXPECT_TRUE(use[1].kopia);
  selected.push_back(&kopia);
  use = movers_used(selected, c);
  EXPECT_TRUE(use[0].restic);
  EXPECT_TRUE(use[0].kopia);
  EXPECT_TRUE(movers_used({}, c)[0].restic == false);
}

TEST(KopiaPlan, PlanMover) {
  Repository nfs;
  nfs.backend = Repository::Backend::kLocal;
  nfs.nfs_server = "nas";
  nfs.nfs_path = "/tank";
  PvcFacts p = pvc({});
  RepoPlan rp;
  rp.repository = "/mnt/repository/apps/data";
  rp.settings.mover = "kopia";
  Findings f;
  plan_mover(p, nfs, "", rp, f);
  EXPECT_TRUE(f.empty());
  EXPECT_EQ(rp.repository, "filesystem:///mnt/repository");  // shared: no per-PVC path

  rp.settings.retain.within = "3d";
  plan_mover(p, nfs, "", rp, f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "mover-retain");
  EXPECT_EQ(f[0].field, "");  // the configuration's retain and mover

  f.clear();
  p.annotations = {{"volsync-gen.io/mover", "kopia"}};
  plan_mover(p, nfs, "", rp, f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "metadata.annotations[volsync-gen.io/mover]");
  f.clear();
  p.annotations.push_back({"volsync-gen.io/retain", "within=3d"});
  plan_mover(p, nfs, "", rp, f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "metadata.annotations[volsync-gen.io/retain]");
  p.annotations.clear();

  RepoPlan restic;
  restic.repository = "/mnt/repository/apps/data";
  restic.settings.retain.latest = 2;
  f.clear();
  plan_mover(p, nfs, "", restic, f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(restic.repository, "/mnt/repository/apps/data");  // restic's stays per PVC
}

// A repository path or an unlock token on a kopia PVC would do nothing: said, not swallowed.
TEST(KopiaPlan, SettingsKopiaHasNoPlaceForAreWarnedAbout) {
  Repository s3;
  s3.name = "minio";
  s3.backend = Repository::Backend::kS3;
  s3.bucket = "kopia";
  PvcFacts p = pvc({{"volsync-gen.io/repository-path", "radarr"}});
  RepoPlan rp;
  rp.settings.mover = "kopia";
  rp.settings.naming.repository_path = "radarr";
  Findings f;
  plan_mover(p, s3, "", rp, f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "mover-setting-ignored");
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(f[0].field, "metadata.annotations[volsync-gen.io/repository-path]");
  EXPECT_NE(f[0].message.find("(repository minio)"), std::string::npos) << f[0].message;

  f.clear();
  p.annotations.clear();
  rp.settings.naming.repository_path.clear();
  rp.settings.unlock = "2026-11-30";
  plan_mover(p, s3, "", rp, f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].field, "");  // the configuration's restic.unlock
  EXPECT_NE(f[0].message.find("restic unlock"), std::string::npos) << f[0].message;

  rp.settings.mover = "restic";  // restic uses both
  f.clear();
  rp.settings.naming.repository_path = "radarr";
  plan_mover(p, s3, "", rp, f);
  EXPECT_TRUE(f.empty());
}

}  // namespace
}  // namespace vg
