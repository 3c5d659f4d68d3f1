#include "volsync/workload.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

std::vector<InputObject> objects_of(std::string_view text) {
  ScanResult scan;
  Findings f;
  EXPECT_TRUE(scan_stream(text, Limits{}, scan, f));
  std::vector<InputObject> out;
  for (ItemSpan& s : scan.items) out.emplace_back(text, std::move(s));
  return out;
}

constexpr std::string_view kWorkloads =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: prod\n"
    "spec:\n  template:\n    spec:\n      securityContext:\n        fsGroup: 2000\n"
    "      containers:\n      - name: c\n        securityContext:\n          runAsUser: 1000\n          runAsGroup: 1001\n"
    "      volumes:\n      - name: v\n        persistentVolumeClaim:\n          claimName: data\n"
    "---\n"
    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: other\n  namespace: prod\n"
    "spec:\n  template:\n    spec:\n      securityContext:\n        runAsUser: 5\n"
    "      volumes:\n      - persistentVolumeClaim:\n          claimName: data\n"
    "      - persistentVolumeClaim:\n          claimName: logs\n";

TEST(Workload, IdsOfThePodThatMountsEachPvc) {
  auto objs = objects_of(kWorkloads);
  Findings f;
  auto ids = pod_ids_by_pvc(objs, f);
  EXPECT_TRUE(f.empty());
  ASSERT_EQ(ids.count("prod/data"), 1u);
  const PodIds& data = ids["prod/data"];  // the first workload wins
  EXPECT_EQ(data.workload.name, "app");
  EXPECT_EQ(data.run_as_user, 1000);  // from the container: the pod sets none
  EXPECT_EQ(data.run_as_group, 1001);
  EXPECT_EQ(data.fs_group, 2000);
  EXPECT_EQ(ids["prod/logs"].run_as_user, 5);
  EXPECT_FALSE(ids["prod/logs"].fs_group);
}

TEST(Workload, IdsFillOnlyWhatIsNotConfigured) {
  std::map<std::string, PodIds> ids;
  ids["prod/data"] = {1000, 1001, 2000, {}};
  BackupPlan plan;
  plan.pvc.name = "data";
  plan.pvc.namespace_ = "prod";
  plan.repos.resize(2);
  plan.repos[0].settings.mover_uid = 7;
  apply_pod_ids(ids, plan);
  EXPECT_EQ(plan.repos[0].settings.mover_uid, 7);
  EXPECT_EQ(plan.repos[0].settings.mover_gid, 1001);
  EXPECT_EQ(plan.repos[1].settings.mover_uid, 1000);
  EXPECT_EQ(plan.repos[1].settings.mover_fsgroup, 2000);
  BackupPlan other;
  other.pvc.name = "else";
  other.pvc.namespace_ = "prod";
  other.repos.resize(1);
  apply_pod_ids(ids, other);
  EXPECT_FALSE(other.repos[0].settings.mover_uid);
}

}  // namespace
}  // namespace vg
