// The schedule spread is a step of the whole run: every preset schedule placed knowing the others,
// whatever the order of the input's items, and what the plans say is what the output holds.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "cli/function.h"

namespace {

std::string input(int hourly, bool reversed) {
  std::string items;
  for (int k = 0; k < hourly; ++k) {
    const int i = reversed ? hourly - 1 - k : k;
    items += "- apiVersion: v1\n  kind: PersistentVolumeClaim\n  metadata: {name: data-" + std::to_string(i) +
             ", namespace: ns-" + std::to_string(i % 4) + ", labels: {backup: hourly}}\n"
             "  spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n";
  }
  items += "- apiVersion: v1\n  kind: PersistentVolumeClaim\n  metadata: {name: pinned, namespace: ns-0, "
           "annotations: {volsync-gen.io/schedule: \"7 * * * *\"}}\n"
           "  spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n";
  return "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n" + items +
         "- apiVersion: v1\n  kind: Secret\n  metadata: {name: base, namespace: volsync-system}\n"
         "  stringData: {RESTIC_PASSWORD: x, AWS_ACCESS_KEY_ID: a, AWS_SECRET_ACCESS_KEY: b}\n"
         "functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n"
         "  data: {secretName: base, repository: 's3:http://minio:9000/b', cacheCapacity: 1Gi}\n";
}

std::map<std::string, std::string> schedules(const std::string& in, std::string* output = nullptr) {
  vg::FunctionOptions opt;
  const vg::FunctionResult r = vg::run_function(in, opt);
  EXPECT_TRUE(r.ok);
  std::map<std::string, std::string> out;
  for (const auto& p : r.plans) out[p.pvc.namespace_ + "/" + p.pvc.name] = p.repos.at(0).schedule;
  if (output) *output = r.output;
  return out;
}

TEST(FunctionSpread, SixtyHourlyPvcsStartInSixtyMinutesWhateverTheirOrder) {
  std::string output;
  const auto s = schedules(input(60, false), &output);
  ASSERT_EQ(s.size(), 61u);
  std::set<std::string> minutes;
  for (const auto& [pvc, cron] : s) {
    if (pvc == "ns-0/pinned") continue;
    minutes.insert(cron.substr(0, cron.find(' ')));
    EXPECT_NE(output.find("schedule: " + cron + "\n"), std::string::npos) << pvc << ": " << cron;
  }
  EXPECT_EQ(minutes.size(), 60u);
  EXPECT_EQ(s.at("ns-0/pinned"), "7 * * * *");  // explicit: kept, even where a spread one starts
  EXPECT_EQ(schedules(input(60, true)), s);
}

TEST(FunctionSpread, OneMorePvcMovesFewOthers) {
  const auto before = schedules(input(30, false));
  const auto after = schedules(input(31, false));
  int moved = 0;
  for (const auto& [pvc, cron] : before) moved += after.at(pvc) != cron;
  EXPECT_LE(moved, 3) << "of 30";
}

}  // namespace
