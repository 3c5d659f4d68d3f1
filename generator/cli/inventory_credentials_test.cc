#include "cli/inventory_credentials.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

BackupPlan plan(const std::string& ns, std::vector<std::size_t> repos) {
  BackupPlan p;
  p.pvc.namespace_ = ns;
  p.pvc.name = "data";
  for (std::size_t i : repos) p.repos.push_back(RepoPlan{.repo_index = i});
  return p;
}

TEST(InventoryCredentials, NamespacesPerSource) {
  Config c;
  Repository secret;
  secret.name = "nas";
  secret.credentials.secret_name = "restic-shared";
  secret.credentials.secret_namespace = "volsync-system";
  secret.credentials.secret_by_namespace = {{"team-*", "restic-teams"}, {"media", "restic-media"}};
  Repository eso;
  eso.name = "vault";
  eso.credentials.mode = Credentials::Mode::kExternalSecret;
  eso.credentials.store_name = "vault";
  eso.credentials.remote_key = "backups/shared";
  eso.credentials.remote_key_by_namespace = {{"media", "backups/media"}};
  Repository existing;
  existing.name = "old";
  existing.credentials.mode = Credentials::Mode::kExisting;
  c.repositories = {secret, eso, existing};
  auto sources = credentials_sources(c, {plan("media", {0, 1}), plan("team-a", {0, 1}), plan("team-b", {0}),
                                         plan("home", {0, 2}), plan("media", {0})});
  ASSERT_EQ(sources.size(), 6u);
  auto at = [&](std::size_t i) {
    std::string ns;
    for (const auto& n : sources[i].namespaces) ns += (ns.empty() ? "" : ",") + n;
    return sources[i].repository + " " + sources[i].mode + " " + sources[i].source + ": " + ns;
  };
  EXPECT_EQ(at(0), "nas secret Secret volsync-system/restic-media: media");
  EXPECT_EQ(at(1), "nas secret Secret volsync-system/restic-shared: home");
  EXPECT_EQ(at(2), "nas secret Secret volsync-system/restic-teams: team-a,team-b");
  EXPECT_EQ(at(3), "vault externalSecret ClusterSecretStore vault, item backups/media: media");
  EXPECT_EQ(at(4), "vault externalSecret ClusterSecretStore vault, item backups/shared: team-a");
  EXPECT_EQ(at(5), "old existing existing Secret in each namespace: home");
}

}  // namespace
}  // namespace vg
