// The scanner reads back what the writer (yaml/emit.h) writes: names, kinds and item spans.
#include <gtest/gtest.h>

#include "support/doc_yaml.h"
#include <yaml-cpp/yaml.h>

#include <string>

#include "krm/scan.h"
#include "yaml/emit.h"
#include "yaml/yaml_scalar.h"

namespace vg {
namespace {

TEST(EmitScalars, StringsSurviveOurScanner) {
  for (const char* s : kTrickyStrings) {
    SCOPED_TRACE(std::string("value [") + s + "]");
    YAML::Node obj(YAML::NodeType::Map);
    obj["apiVersion"] = str_node(s);
    obj["kind"] = str_node(s);
    YAML::Node meta(YAML::NodeType::Map);
    meta["name"] = str_node(s);
    meta["namespace"] = str_node(s);
    obj["metadata"] = meta;
    std::string text = block(obj);
    ScanResult r;
    Findings f;
    ASSERT_TRUE(scan_stream(text, {}, r, f)) << text << (f.empty() ? "" : f[0].message);
    ASSERT_EQ(r.items.size(), 1u) << text;
    EXPECT_EQ(r.items[0].api_version, s);
    EXPECT_EQ(r.items[0].kind, s);
    EXPECT_EQ(r.items[0].name, s);
    EXPECT_EQ(r.items[0].namespace_, s);
  }
}

TEST(EmitText, ScannedItemsRoundTripThroughListItemText) {
  std::string in = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n"
                   "    - kind: A # c\n      data:\n        s: |+\n          x\n\n"
                   "    - {kind: B,\n       x: [1, 2]}\n"
                   "    - kind: C\n      list:\n      - a\n      - b: c\n";
  ScanResult r;
  Findings f;
  ASSERT_TRUE(scan_resource_list(in, {}, r, f));
  std::string out = "items:\n";
  for (const auto& it : r.items) emit_list_item_text(out, item_text(in, it));
  YAML::Node original = YAML::Load(in)["items"];
  YAML::Node rewritten = YAML::Load(out)["items"];
  EXPECT_EQ(meaning(rewritten), meaning(original)) << out;
  EXPECT_NE(out.find("- kind: A # c\n"), std::string::npos) << out;
}

TEST(EmitScan, EmittedObjectIsScannedWithItsName) {
  YAML::Node n = YAML::Load("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app, namespace: prod}\n");
  std::string once = block(n);
  ScanResult r;
  Findings f;
  ASSERT_TRUE(scan_stream(once, {}, r, f));
  EXPECT_EQ(r.items[0].name, "app");
  EXPECT_EQ(r.items[0].namespace_, "prod");
}

}  // namespace
}  // namespace vg
