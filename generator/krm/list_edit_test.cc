#include "krm/list_edit.h"

#include <gtest/gtest.h>

#include <string>

#include "yaml/doc.h"

namespace vg {
namespace {

ItemSpan scan_one(std::string_view text) {
  ScanResult r;
  Findings f;
  EXPECT_TRUE(scan_stream(text, {}, r, f)) << (f.empty() ? "" : f[0].message);
  EXPECT_EQ(r.items.size(), 1u);
  return r.items.empty() ? ItemSpan{} : r.items[0];
}

// Indented as an item of a ResourceList (column 2), with comments and quoting the copy must keep.
constexpr const char* kInput =
    "items:\n"
    "- apiVersion: v1  # the List\n"
    "  kind: List\n"
    "  items:\n"
    "  - apiVersion: v1\n"
    "    kind: PersistentVolumeClaim\n"
    "    metadata: {name: data}\n"
    "  # between\n"
    "  - apiVersion: v1\n"
    "    kind: ConfigMap\n"
    "    metadata:\n"
    "      name: 'cm'\n"
    "  - apiVersion: v1\n"
    "    kind: Secret\n"
    "    metadata: {name: last}\n";

TEST(ListEdit, AReplacedObjectTakesItsPlaceAndEverythingElseIsCopied) {
  const std::string in = std::string("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n") + kInput;
  ScanResult r;
  Findings f;
  ASSERT_TRUE(scan_resource_list(in, {}, r, f));
  const ItemSpan& list = r.items[0];
  ASSERT_EQ(list.items.size(), 3u);
  auto text = edited_list_text(in, list, {{&list.items[0], false, "apiVersion: v1\nkind: PersistentVolumeClaim\n"
                                                                   "metadata:\n  name: data\nspec:\n  x: |\n    a\n\n    b\n"}});
  ASSERT_TRUE(text);
  EXPECT_EQ(*text,
            "apiVersion: v1  # the List\n"
            "kind: List\n"
            "items:\n"
            "- apiVersion: v1\n"
            "  kind: PersistentVolumeClaim\n"
            "  metadata:\n"
            "    name: data\n"
            "  spec:\n"
            "    x: |\n"
            "      a\n"
            "\n"
            "      b\n"
            "# between\n"
            "- apiVersion: v1\n"
            "  kind: ConfigMap\n"
            "  metadata:\n"
            "    name: 'cm'\n"
            "- apiVersion: v1\n"
            "  kind: Secret\n"
            "  metadata: {name: last}");
  Doc parsed;
  DocParseError err;
  ASSERT_TRUE(parse_doc(*text, parsed, err)) << err.message;
  EXPECT_EQ(parsed["items"][0].at({"spec", "x"}).Scalar(), "a\n\nb\n");
}

TEST(ListEdit, RemovedObjectsLeaveNoTrace) {
  const std::string in = std::string("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n") + kInput;
  ScanResult r;
  Findings f;
  ASSERT_TRUE(scan_resource_list(in, {}, r, f));
  const ItemSpan& list = r.items[0];
  auto text = edited_list_text(in, list, {{&list.items[1], false, std::nullopt}, {&list.items[2], false, std::nullopt}});
  ASSERT_TRUE(text);
  EXPECT_EQ(*text,
            "apiVersion: v1  # the List\nkind: List\nitems:\n- apiVersion: v1\n  kind: PersistentVolumeClaim\n"
            "  metadata: {name: data}\n# between\n");
  // Every object removed: `items:` without a value, which kubectl and kustomize read as no items.
  auto none = edited_list_text(in, list,
                               {{&list.items[0], false, std::nullopt}, {&list.items[1], false, std::nullopt},
                                {&list.items[2], false, std::nullopt}});
  ASSERT_TRUE(none);
  Doc parsed;
  DocParseError err;
  ASSERT_TRUE(parse_doc(*none, parsed, err)) << err.message;
  EXPECT_TRUE(parsed["items"].IsNull());
}

TEST(ListEdit, FlowListsGetFlowText) {
  const std::string in =
      "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n"
      "  {\"apiVersion\": \"v1\", \"kind\": \"PersistentVolumeClaim\", \"metadata\": {\"name\": \"a\"}},\n"
      "  {\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"b\"}}\n]}\n";
  const ItemSpan list = scan_one(in);
  ASSERT_TRUE(list.flow_items);
  ASSERT_EQ(list.items.size(), 2u);
  auto text = edited_list_text(in, list,
                               {{&list.items[0], true, "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: a\n"
                                                       "spec:\n  dataSourceRef: {kind: X, name: 'yes'}\n"},
                                {&list.items[1], true, std::nullopt}});
  ASSERT_TRUE(text);
  EXPECT_EQ(*text,
            "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n"
            "  {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: a}, spec: {dataSourceRef: {kind: X, "
            "name: \"yes\"}}}\n]}");
  Doc parsed;
  DocParseError err;
  ASSERT_TRUE(parse_doc(*text, parsed, err)) << err.message;
  EXPECT_EQ(parsed["items"].size(), 1u);
  EXPECT_EQ(parsed["items"][0].at({"spec", "dataSourceRef", "name"}).Tag(), "!");  // still a string
}

TEST(ListEdit, AnEntryWhoseDashCannotBeFoundIsNotRemoved) {
  const std::string in = "kind: List\nitems:\n- # a comment between\n  kind: ConfigMap\n";
  const ItemSpan list = scan_one(in);
  ASSERT_EQ(list.items.size(), 1u);
  EXPECT_FALSE(edited_list_text(in, list, {{&list.items[0], false, std::nullopt}}));
}

}  // namespace
}  // namespace vg
