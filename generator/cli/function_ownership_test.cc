// The function's use of ownership (volsync/ownership.h): what a run says about the objects it
// removes and refuses. The decision itself is tested in volsync/ownership_test.cc, the files kpt
// gets in volsync/placement_test.cc, a whole run in testdata/ownership-look-alikes.
#include <gtest/gtest.h>

#include <string>

#include "cli/function.h"

namespace {

// A selected PVC `data`, a deselected PVC `old` with a ReplicationSource a previous run made, and
// `extra` appended as more items.
std::string input(const std::string& extra = {}) {
  return "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n"
         "- apiVersion: v1\n  kind: PersistentVolumeClaim\n  metadata:\n    name: data\n    namespace: apps\n"
         "    labels: {backup: daily}\n  spec:\n    accessModes: [ReadWriteOnce]\n"
         "    resources: {requests: {storage: 1Gi}}\n"
         "- apiVersion: v1\n  kind: PersistentVolumeClaim\n  metadata:\n    name: old\n    namespace: apps\n"
         "  spec:\n    accessModes: [ReadWriteOnce]\n    resources: {requests: {storage: 1Gi}}\n"
         "- apiVersion: volsync.backube/v1alpha1\n  kind: ReplicationSource\n  metadata:\n    name: old-backup\n"
         "    namespace: apps\n    labels: {app.kubernetes.io/managed-by: volsync-gen}\n"
         "    annotations: {volsync-gen.io/source-pvc: old}\n  spec: {sourcePVC: old}\n" +
         extra +
         "functionConfig:\n  apiVersion: volsync-gen.io/v1alpha1\n  kind: VolSyncBackup\n"
         "  metadata: {name: volsync}\n  spec:\n    repository: s3:http://minio.example:9000/b\n"
         "    credentials: {mode: existing, secretName: restic}\n";
}

// The output's items (and functionConfig), without the results that name removed objects.
std::string items(const vg::FunctionResult& r) { return r.output.substr(0, r.output.find("\nresults:\n")); }

std::string rules(const vg::FunctionResult& r) {
  std::string s;
  for (const auto& f : r.findings) s += f.rule + " ";
  return s;
}

TEST(FunctionOwnership, ARemovalIsReportedOnlyByARunThatWritesItsOutput) {
  vg::FunctionResult ok = vg::run_function(input(), {});
  ASSERT_TRUE(ok.ok) << rules(ok);
  EXPECT_EQ(rules(ok), "generated-removed ");
  EXPECT_EQ(items(ok).find("old-backup"), std::string::npos);

  // The same input with an error elsewhere: the failed run returns old-backup untouched, so it
  // must not say it removed it.
  vg::FunctionResult failed = vg::run_function(
      input("- apiVersion: volsync.backube/v1alpha1\n  kind: ReplicationSource\n  metadata:\n"
            "    name: data-backup\n    namespace: apps\n  spec: {sourcePVC: data}\n"),
      {});
  EXPECT_FALSE(failed.ok);
  EXPECT_EQ(rules(failed), "generated-clash ");
  EXPECT_NE(items(failed).find("name: old-backup"), std::string::npos);
}

// A clash with an object that has the annotation but not the label: a custom template of 0.1.0
// may have left the label out, so the hint says how to hand the object back to volsync-gen.
TEST(FunctionOwnership, AClashWithoutTheLabelSuggestsAddingIt) {
  const std::string clash = "- apiVersion: volsync.backube/v1alpha1\n  kind: ReplicationSource\n  metadata:\n"
                            "    name: data-backup\n    namespace: apps\n";
  vg::FunctionResult annotated =
      vg::run_function(input(clash + "    annotations: {volsync-gen.io/source-pvc: data}\n"), {});
  EXPECT_EQ(rules(annotated), "generated-look-alike generated-clash ");
  ASSERT_EQ(annotated.findings.size(), 2u);
  EXPECT_EQ(annotated.findings[1].hint,
            "if volsync-gen made it, add the label app.kubernetes.io/managed-by: volsync-gen; otherwise rename "
            "one of them or set volsync-gen.io/name on the PVC");
  vg::FunctionResult plain = vg::run_function(input(clash), {});
  ASSERT_EQ(plain.findings.size(), 1u) << rules(plain);
  EXPECT_EQ(plain.findings[0].hint, "rename one of them or set volsync-gen.io/name on the PVC");
}

}  // namespace
