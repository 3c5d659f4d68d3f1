#include "cli/inventory_text.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

RepoPlan repo_plan(const std::string& mover, const std::string& repository) {
  RepoPlan rp;
  rp.settings.mover = mover;
  rp.repository = repository;
  rp.secret_name = "data-volsync-nas";
  rp.settings.retain = Retain{};  // not volsync-gen's default policy: only what each test sets
  return rp;
}

TEST(InventoryText, ResticRetainShowsTheKeysThatAreSet) {
  RepoPlan rp = repo_plan("restic", "s3:https://minio/b/apps/data");
  rp.settings.retain.daily = 7;
  rp.settings.retain.within = "3d";
  EXPECT_EQ(inventory_retain_text(rp), "daily=7 within=3d");
}

// Issue 15: unset kopia keys are not "none", they inherit Kopia's defaults; the cell says which.
TEST(InventoryText, KopiaRetainShowsEveryKeyWithTheInheritedDefaultsMarked) {
  RepoPlan rp = repo_plan("kopia", "filesystem:///mnt/repository");
  rp.settings.retain.hourly = 24;
  rp.settings.retain.daily = 7;
  EXPECT_EQ(inventory_retain_text(rp),
            "hourly=24 daily=7 weekly=4 (kopia default) monthly=24 (kopia default) yearly=3 (kopia default) "
            "latest=10 (kopia default)");
}

// Credentials mode existing: the user's Secret holds the repository, under the mover's own key.
TEST(InventoryText, RepositoryHeldByTheUsersSecretIsNamedWithTheMoversKey) {
  EXPECT_EQ(inventory_repository_text(repo_plan("restic", ""), "apps"), "RESTIC_REPOSITORY of Secret apps/data-volsync-nas");
  EXPECT_EQ(inventory_repository_text(repo_plan("kopia", ""), "apps"), "KOPIA_REPOSITORY of Secret apps/data-volsync-nas");
  EXPECT_EQ(inventory_repository_text(repo_plan("restic", "s3:https://key:secret@minio/b/apps/data"), "apps"),
            "s3:https://***@minio/b/apps/data");
}

}  // namespace
}  // namespace vg
