#include "volsync/input_edits.h"

#include <gtest/gtest.h>

#include "yaml/emit.h"

namespace vg {
namespace {

Doc parse(std::string_view text) {
  Doc d;
  DocParseError err;
  EXPECT_TRUE(parse_doc(text, d, err)) << err.message;
  return d;
}

std::string text_of(const Doc& d) {
  std::string out;
  emit_block(out, d, 0);
  return out;
}

TEST(InputEdits, SourceSecretIsMarkedLocalConfigOnce) {
  InputEdits edits;
  mark_local_config(3, parse("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n"), edits);
  ASSERT_EQ(edits.count(3), 1u);
  EXPECT_EQ(annotation_of(edits[3], kLocalConfigAnnotation), "true");
  InputEdits again;
  mark_local_config(3, edits[3], again);
  EXPECT_TRUE(again.empty());  // already marked: nothing to change
}

TEST(InputEdits, BootstrapPvcGetsDataSourceRef) {
  Doc pvc = parse("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  storageClassName: x\n");
  set_data_source_ref(pvc, "data-dst");
  EXPECT_EQ(text_of(pvc),
            "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  storageClassName: x\n"
            "  dataSourceRef:\n    apiGroup: volsync.backube\n    kind: ReplicationDestination\n    name: data-dst\n");
  Doc bare = parse("kind: PersistentVolumeClaim\n");
  set_data_source_ref(bare, "rd");
  EXPECT_EQ(bare.at({"spec", "dataSourceRef", "name"}).Scalar(), "rd");
}

std::vector<InputObject> objects_of(std::string_view text) {
  ScanResult scan;
  Findings f;
  EXPECT_TRUE(scan_stream(text, Limits{}, scan, f));
  std::vector<InputObject> out;
  for (ItemSpan& s : scan.items) out.emplace_back(text, std::move(s));
  return out;
}

TEST(InputEdits, PrivilegedNamespacesAreAnnotatedOrReported) {
  constexpr std::string_view kInput =
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n"
      "---\n"
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: done\n  annotations:\n"
      "    volsync.backube/privileged-movers: \"true\"\n";
  auto objs = objects_of(kInput);
  InputEdits edits;
  Findings f;
  ASSERT_TRUE(annotate_privileged_namespaces({"apps", "done", "missing"}, objs, edits, f));
  ASSERT_EQ(edits.size(), 1u);
  EXPECT_EQ(annotation_of(edits[0], kPrivilegedMoversAnnotation), "true");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(f[0].rule, "privileged-movers");
  EXPECT_EQ(f[0].resource.name, "missing");
}

}  // namespace
}  // namespace vg
