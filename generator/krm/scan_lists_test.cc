// Lists inside the input (issue 12, point 3): the scanner finds the objects of a `kind: List` (and
// any `*List` with `items`) as kubectl and kustomize unpack them, each with its own span, identity
// and line, while the List stays one item whose bytes can be copied through.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "krm/scan.h"

namespace vg {
namespace {

struct Scanned {
  bool ok = false;
  ScanResult r;
  Findings f;
};

Scanned scan_docs(std::string_view in) {
  Scanned s;
  s.ok = scan_stream(in, {}, s.r, s.f);
  return s;
}

Scanned scan_rl(std::string_view in) {
  Scanned s;
  s.ok = scan_resource_list(in, {}, s.r, s.f);
  return s;
}

std::string names(const std::vector<ItemSpan>& items) {
  std::string out;
  for (const ItemSpan& s : items) out += (out.empty() ? "" : ",") + s.kind + "/" + s.name;
  return out;
}

constexpr const char* kStream =
    "apiVersion: v1\n"                             // 1
    "kind: ConfigMap\n"                            // 2
    "metadata: {name: before}\n"                   // 3
    "---\n"                                        // 4
    "apiVersion: v1\n"                             // 5
    "kind: List\n"                                 // 6
    "items:\n"                                     // 7
    "- apiVersion: v1\n"                           // 8
    "  kind: PersistentVolumeClaim\n"              // 9
    "  metadata:\n"                                // 10
    "    name: data  # the app's data\n"           // 11
    "    namespace: apps\n"                        // 12
    "    annotations:\n"                           // 13
    "      volsync-gen.io/source-pvc: other\n"     // 14
    "- apiVersion: v1\n"                           // 15
    "  kind: ConfigMapList\n"                      // 16
    "  items:\n"                                   // 17
    "  - {apiVersion: v1, kind: ConfigMap, metadata: {name: nested}}\n"  // 18
    "---\n"                                        // 19
    "apiVersion: v1\n"                             // 20
    "kind: List\n"                                 // 21
    "items: []\n";                                 // 22

TEST(ScanLists, ItemsOfAListAreObjectsWithTheirOwnSpanAndLine) {
  auto s = scan_docs(kStream);
  ASSERT_TRUE(s.ok) << (s.f.empty() ? "" : s.f[0].message);
  ASSERT_EQ(s.r.items.size(), 3u);  // the Lists stay items of the stream
  const ItemSpan& list = s.r.items[1];
  EXPECT_TRUE(list.is_list);
  EXPECT_FALSE(s.r.items[0].is_list);
  EXPECT_EQ(names(list.items), "PersistentVolumeClaim/data,ConfigMapList/");
  const ItemSpan& pvc = list.items[0];
  EXPECT_EQ(pvc.line, 8);
  EXPECT_EQ(pvc.column, 2);
  EXPECT_EQ(pvc.namespace_, "apps");
  EXPECT_TRUE(pvc.generated);  // from its own annotations, not the List's
  EXPECT_EQ(item_text(kStream, pvc),
            "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data  # the app's data\n"
            "  namespace: apps\n  annotations:\n    volsync-gen.io/source-pvc: other");
  const ItemSpan& nested = list.items[1];
  EXPECT_TRUE(nested.is_list);
  EXPECT_EQ(names(nested.items), "ConfigMap/nested");
  EXPECT_EQ(nested.items[0].line, 18);
  EXPECT_TRUE(nested.items[0].flow);
  EXPECT_EQ(item_text(kStream, nested.items[0]), "{apiVersion: v1, kind: ConfigMap, metadata: {name: nested}}");
  EXPECT_TRUE(s.r.items[2].is_list);  // no items: nothing to read, still a List
  EXPECT_TRUE(s.r.items[2].items.empty());
  // The List's own span still covers all of it, for the byte-for-byte copy.
  EXPECT_EQ(s.r.items[1].line, 5);

  std::vector<ItemSpan> objects = s.r.items;
  unpack_lists(objects);
  EXPECT_EQ(names(objects), "ConfigMap/before,PersistentVolumeClaim/data,ConfigMap/nested");
}

// kustomize unpacks any kind ending in List that has `items` (verified with kubectl kustomize v5.5):
// an object with `items` of another kind, or a *List without `items`, is an ordinary object.
TEST(ScanLists, OnlyListKindsWithItemsAreUnpacked) {
  auto s = scan_docs(
      "apiVersion: example.com/v1\nkind: Bag\nmetadata: {name: bag}\nitems:\n- {kind: ConfigMap, metadata: {name: x}}\n"
      "---\nkind: SomethingList\nmetadata: {name: noitems}\n"
      "---\nkind: PersistentVolumeClaimList\nitems: null\n");
  ASSERT_TRUE(s.ok) << (s.f.empty() ? "" : s.f[0].message);
  ASSERT_EQ(s.r.items.size(), 3u);
  EXPECT_FALSE(s.r.items[0].is_list);
  EXPECT_TRUE(s.r.items[0].items.empty());
  EXPECT_FALSE(s.r.items[1].is_list);
  EXPECT_TRUE(s.r.items[2].is_list);
  EXPECT_TRUE(s.r.items[2].items.empty());
}

// Under kpt a List arrives as one item with the path of its file; its objects carry no path of
// their own and are reported against the List's file (lines of a re-serialized list mean nothing).
TEST(ScanLists, ItemsOfAListInAResourceListTakeTheListsPath) {
  auto s = scan_rl(
      "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n"
      "- apiVersion: v1\n  kind: List\n  metadata:\n    name: l\n    annotations:\n"
      "      internal.config.kubernetes.io/path: 'apps/list.yaml'\n"
      "  items:\n  - apiVersion: v1\n    kind: PersistentVolumeClaim\n    metadata:\n      name: data\n"
      "  - apiVersion: v1\n    kind: Secret\n    metadata:\n      name: s\n      annotations:\n"
      "        internal.config.kubernetes.io/path: 'elsewhere.yaml'\n");
  ASSERT_TRUE(s.ok) << (s.f.empty() ? "" : s.f[0].message);
  ASSERT_EQ(s.r.items.size(), 1u);
  ASSERT_EQ(s.r.items[0].items.size(), 2u);
  EXPECT_EQ(s.r.items[0].items[0].path, "apps/list.yaml");
  EXPECT_EQ(s.r.items[0].items[0].file_line(), 0);
  EXPECT_EQ(s.r.items[0].items[1].path, "elsewhere.yaml");
}

// What kubectl and kustomize refuse in a List is an error naming the line; the same shapes in an
// object that is no List are its own business.
TEST(ScanLists, ItemsThatAreNoObjectsAndAliasesAcrossItemsAreErrors) {
  const struct {
    const char* body;
    const char* rule;
    int line;
  } cases[] = {
      {"items:\n- 3\n", "list-item", 3},
      {"items:\n- [a]\n", "list-item", 3},
      {"items:\n- \n", "list-item", 3},
      {"items: {a: 1}\n", "list-item", 2},
      {"items: text\n", "list-item", 2},
      {"items:\n- &a {kind: ConfigMap, metadata: {name: a}}\n- *a\n", "list-item", 4},
      {"items:\n- {kind: ConfigMap, data: &d {k: v}}\n- {kind: ConfigMap, data: *d}\n", "yaml-alias-scope", 4},
      {"metadata: {labels: &l {a: b}}\nitems:\n- {kind: ConfigMap, metadata: {labels: *l}}\n", "yaml-alias-scope", 4},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    auto s = scan_docs(std::string("kind: List\n") + c.body);
    ASSERT_FALSE(s.ok);
    ASSERT_FALSE(s.f.empty());
    EXPECT_EQ(s.f[0].rule, c.rule);
    EXPECT_EQ(s.f[0].line, c.line);
    EXPECT_EQ(s.f[0].resource.kind, "List");
    auto other = scan_docs(std::string("kind: Bag\n") + c.body);
    EXPECT_TRUE(other.ok) << (other.f.empty() ? "" : other.f[0].message);
  }
  // Aliases within one object of a List are that object's own.
  auto ok = scan_docs("kind: List\nitems:\n- kind: ConfigMap\n  data: &d {k: v}\n  binaryData: *d\n");
  EXPECT_TRUE(ok.ok) << (ok.f.empty() ? "" : ok.f[0].message);
}

}  // namespace
}  // namespace vg
