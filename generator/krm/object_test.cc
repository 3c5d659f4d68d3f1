#include "krm/object.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vg {
namespace {

std::vector<InputObject> objects_of(std::string_view text, std::string file = {}) {
  ScanResult scan;
  Findings f;
  EXPECT_TRUE(scan_stream(text, Limits{}, scan, f));
  std::vector<InputObject> out;
  for (ItemSpan& s : scan.items) {
    if (file.empty()) out.emplace_back(text, std::move(s));
    else out.emplace_back(text, std::move(s), file);
  }
  return out;
}

constexpr std::string_view kStream =
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  annotations:\n"
    "    volsync-gen.io/source-pvc: data\n    config.kubernetes.io/path: pkg/s.yaml\n"
    "stringData:\n  K: v\n"
    "---\n"
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  annotations:\n"
    "    volsync-gen.io/source-pvc: data\n";

TEST(InputObject, IdentityFileAndLineFromTheSpan) {
  auto objs = objects_of(kStream);
  ASSERT_EQ(objs.size(), 2u);
  EXPECT_EQ(objs[0].ref().kind, "Secret");
  EXPECT_EQ(objs[0].file(), "pkg/s.yaml");  // the kpt path annotation
  EXPECT_EQ(objs[0].line(), 0);             // kpt re-serialized lines do not map onto that file
  EXPECT_EQ(objs[1].file(), "");
  EXPECT_EQ(objs[1].line(), 11);
  EXPECT_EQ(objs[1].mark_offset(), 10);
}

TEST(InputObject, AFileReadFromDiskNamesItsLines) {
  auto objs = objects_of(kStream, "in.yaml");
  EXPECT_EQ(objs[0].file(), "in.yaml");
  EXPECT_EQ(objs[0].line(), 1);
  EXPECT_EQ(objs[1].line(), 11);
}

TEST(InputObject, GeneratedOnlyForKindsVolsyncGenWritesWithBothMarks) {
  auto objs = objects_of(
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  labels: {app.kubernetes.io/managed-by: volsync-gen}\n"
      "  annotations: {volsync-gen.io/source-pvc: data}\n"
      "---\n"
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n"
      "  labels: {app.kubernetes.io/managed-by: volsync-gen}\n  annotations: {volsync-gen.io/source-pvc: data}\n"
      "---\n"
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: t\n  annotations: {volsync-gen.io/source-pvc: data}\n");
  ASSERT_EQ(objs.size(), 3u);
  EXPECT_TRUE(objs[0].generated());
  EXPECT_FALSE(objs[1].generated());  // a Deployment with the marks is the user's
  EXPECT_FALSE(objs[2].generated());  // so is a Secret with the annotation alone
}

TEST(InputObject, DocIsParsedOnFirstUseAndDropped) {
  auto objs = objects_of(kStream);
  Findings f;
  const Doc* d = objs[0].doc(f);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->at({"stringData", "K"}).Scalar(), "v");
  EXPECT_EQ(objs[0].doc(f), d);  // kept
  objs[0].drop_doc();
  ASSERT_NE(objs[0].doc(f), nullptr);  // parsed again
  EXPECT_TRUE(f.empty());
}

TEST(InputObject, ParseErrorsAreFindingsAtTheObjectsLines) {
  ScanResult scan;
  Findings f;
  std::string deep = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: " + std::string(600, '[') +
                     std::string(600, ']') + "\n";
  Limits limits;
  limits.max_depth = 10000;
  ASSERT_TRUE(scan_stream(deep, limits, scan, f)) << (f.empty() ? "" : f[0].message);
  InputObject o(deep, scan.items[0], "deep.yaml");
  EXPECT_EQ(o.doc(f), nullptr);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "limit-depth");
  EXPECT_EQ(f[0].file, "deep.yaml");
  EXPECT_EQ(o.doc(f), nullptr);
  EXPECT_EQ(f.size(), 1u);  // reported once
}

TEST(InputObject, FromAParsedDoc) {
  Doc d;
  DocParseError err;
  ASSERT_TRUE(parse_doc("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: n\n", d, err));
  InputObject o(std::move(d), "f.yaml", 4);
  EXPECT_EQ(o.ref().name, "s");
  EXPECT_EQ(o.ref().namespace_, "n");
  EXPECT_EQ(o.line(), 4);
  EXPECT_EQ(o.mark_offset(), 0);  // marks of a whole-file parse are already the file's lines
  Findings f;
  ASSERT_NE(o.doc(f), nullptr);
}

TEST(Annotations, SetCreatesTheMapsAndReplacesInPlace) {
  Doc d = Doc::map();
  set_annotation(d, "a", "1");
  set_annotation(d, "b", "2");
  set_annotation(d, "a", "3");
  EXPECT_EQ(annotation_of(d, "a"), "3");
  EXPECT_EQ(d.at({"metadata", "annotations"}).entries()[0].first.Scalar(), "a");
  EXPECT_EQ(annotation_of(d, "missing"), "");
}

// An identity that comes from a YAML merge key is the one kubectl reads.
TEST(InputObject, IdentityFromAMergeKey) {
  auto objs = objects_of(
      "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  <<: {name: data, namespace: apps}\n"
      "  labels: {<<: {app.kubernetes.io/managed-by: volsync-gen}}\n"
      "  annotations: {<<: {volsync-gen.io/source-pvc: data}}\n"
      "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: own\n  <<: {name: merged}\n");
  ASSERT_EQ(objs.size(), 2u);
  EXPECT_EQ(objs[0].ref().name, "data");
  EXPECT_EQ(objs[0].ref().namespace_, "apps");
  EXPECT_TRUE(objs[0].generated());
  EXPECT_EQ(objs[1].ref().name, "own");  // its own key wins
}

// Every object of a List is an InputObject of its own, after its List, knowing its List.
TEST(InputObject, TheObjectsOfAListFollowIt) {
  ScanResult scan;
  Findings f;
  const std::string_view text =
      "kind: ConfigMap\nmetadata: {name: a}\n---\nkind: List\nitems:\n- {kind: ConfigMap, metadata: {name: b}}\n"
      "- kind: List\n  items:\n  - {kind: ConfigMap, metadata: {name: c}}\n---\nkind: ConfigMap\nmetadata: {name: d}\n";
  ASSERT_TRUE(scan_stream(text, Limits{}, scan, f));
  std::vector<InputObject> objs;
  for (ItemSpan& s : scan.items) add_input_objects(objs, text, std::move(s));
  std::string seen;
  for (const InputObject& o : objs)
    seen += o.ref().kind + "/" + o.ref().name + (o.in_list() ? "@" + std::to_string(o.list()) : "") + " ";
  EXPECT_EQ(seen, "ConfigMap/a List/ ConfigMap/b@1 List/@1 ConfigMap/c@3 ConfigMap/d ");
  EXPECT_EQ(objs[2].line(), 6);
}

}  // namespace
}  // namespace vg
