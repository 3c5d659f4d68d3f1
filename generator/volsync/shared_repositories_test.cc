#include "volsync/shared_repositories.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

BackupPlan plan(std::string ns, std::string name, std::vector<std::string> repositories) {
  BackupPlan p;
  p.pvc.name = std::move(name);
  p.pvc.namespace_ = std::move(ns);
  p.pvc.origin = {{"v1", "PersistentVolumeClaim", p.pvc.name, p.pvc.namespace_}, "pvc.yaml", 7};
  for (auto& r : repositories) {
    RepoPlan rp;
    rp.repository = std::move(r);
    p.repos.push_back(std::move(rp));
  }
  return p;
}

TEST(RepositoryOwners, TheSecondPvcOnARepositoryIsAnError) {
  RepositoryOwners owners;
  Findings f;
  EXPECT_TRUE(owners.claim(plan("a", "one", {"s3:h/b/a/one"}), f));
  EXPECT_TRUE(owners.claim(plan("a", "two", {"s3:h/b/a/two"}), f));
  EXPECT_FALSE(owners.claim(plan("b", "three", {"s3:h/b/a/one"}), f));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "repository-shared");
  EXPECT_EQ(f[0].message, "PVC b/three would use the same repository as PVC a/one");
  EXPECT_EQ(f[0].file, "pvc.yaml");
  EXPECT_EQ(f[0].line, 7);
  EXPECT_EQ(f[0].resource.name, "three");
}

TEST(RepositoryOwners, TwoRepositoriesOfOnePvcMustDifferToo) {
  RepositoryOwners owners;
  Findings f;
  EXPECT_FALSE(owners.claim(plan("a", "one", {"s3:h/b/x", "s3:h/b/x"}), f));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message, "PVC a/one would use the same repository as PVC a/one");
}

TEST(RepositoryOwners, CredentialsManagedElsewhereAreNotCompared) {
  RepositoryOwners owners;
  Findings f;
  EXPECT_TRUE(owners.claim(plan("a", "one", {""}), f));
  EXPECT_TRUE(owners.claim(plan("a", "two", {""}), f));
  EXPECT_TRUE(f.empty());
}

}  // namespace
}  // namespace vg
